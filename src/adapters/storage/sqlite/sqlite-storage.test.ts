import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { StepwiseError } from '../../../errors/stepwise-error.js'
import type { StorageAdapterV1 } from '../storage-adapter.js'
import { describeStorageConformance } from '../../../testing/storage-conformance.js'
import { describeTriggerStorageConformance } from '../../../testing/conformance/triggers.js'
import {
  T0,
  TENANT_A,
  createClaimed,
  makeApproval,
  makeEvents,
  makeExecution,
  makeSaveInput,
  makeStep,
} from '../../../testing/conformance-fixtures.js'
import { SQLITE_MIGRATIONS, migrateSqlite } from './migrations.js'
import { sqliteStorage, type SqliteStorageAdapter } from './sqlite-storage.js'

const root = mkdtempSync(join(tmpdir(), 'stepwise-sqlite-'))
let fileCounter = 0
const nextFile = (): string => join(root, `db-${++fileCounter}.sqlite`)
const pathOf = new WeakMap<StorageAdapterV1, string>()

afterAll(() => rmSync(root, { recursive: true, force: true }))

describeStorageConformance({
  name: 'sqlite (file, two connections)',
  create() {
    const path = nextFile()
    const adapter = sqliteStorage({ path })
    pathOf.set(adapter, path)
    return adapter
  },
  createSecond(first) {
    return sqliteStorage({ path: pathOf.get(first) as string })
  },
  destroy(adapter) {
    ;(adapter as SqliteStorageAdapter).close()
  },
})

describeTriggerStorageConformance({
  name: 'sqlite (file, two connections)',
  create() {
    const path = nextFile()
    const adapter = sqliteStorage({ path })
    pathOf.set(adapter, path)
    return adapter
  },
  createSecond(first) {
    return sqliteStorage({ path: pathOf.get(first as unknown as StorageAdapterV1) as string })
  },
  destroy(adapter) {
    ;(adapter as SqliteStorageAdapter).close()
  },
})

describeStorageConformance({
  name: 'sqlite (:memory:)',
  create: () => sqliteStorage({ path: ':memory:' }),
  destroy: (adapter) => (adapter as SqliteStorageAdapter).close(),
})

describe('sqliteStorage', () => {
  const open: SqliteStorageAdapter[] = []
  const track = (adapter: SqliteStorageAdapter): SqliteStorageAdapter => {
    open.push(adapter)
    return adapter
  }
  let path: string

  beforeEach(() => {
    path = nextFile()
  })

  afterEach(() => {
    for (const adapter of open.splice(0)) adapter.close()
  })

  it('reopening the file keeps workflows, executions, steps, events and approvals', async () => {
    const first = sqliteStorage({ path })
    await first.saveWorkflow(TENANT_A, makeSaveInput('wf-a', 'h-1'))
    const { execution, fence } = await createClaimed(first, { execution: { idempotencyKey: 'once' } })
    const approval = makeApproval(execution.id)
    const step = makeStep(execution.id)
    await first.commit(TENANT_A, execution.id, fence, {
      steps: [step],
      events: makeEvents(execution.id, 1, 3),
      approvals: [approval],
      execution: { status: 'waiting', outputs: { a: 1 }, wakeAt: T0 + 5 },
      releaseLease: true,
    })
    first.close()

    const reopened = track(sqliteStorage({ path }))
    expect(reopened.schemaVersion).toBe(SQLITE_MIGRATIONS.length)
    expect((await reopened.getWorkflow(TENANT_A, 'wf-a'))?.hash).toBe('h-1')
    expect(await reopened.getSnapshot(TENANT_A, 'h-1')).toEqual(makeSaveInput('wf-a', 'h-1').definition)
    expect(await reopened.getExecution(TENANT_A, execution.id)).toMatchObject({ status: 'waiting', outputs: { a: 1 }, lastSeq: 3, fence })
    expect(await reopened.listSteps(TENANT_A, execution.id)).toEqual([step])
    expect((await reopened.readEvents(TENANT_A, execution.id, 0, 10)).map((e) => e.seq)).toEqual([1, 2, 3])
    expect(await reopened.findApprovalByToken(TENANT_A, approval.token)).toEqual(approval)
    const dup = await reopened.createExecution(TENANT_A, makeExecution({ idempotencyKey: 'once' }))
    expect(dup).toMatchObject({ created: false, execution: { id: execution.id } })
    expect(await reopened.listDueExecutions(TENANT_A, T0 + 5, 10)).toEqual([{ id: execution.id, reason: 'wake' }])
  })

  it('creates the stepwise_schema table and records every migration once', () => {
    track(sqliteStorage({ path })).close()
    track(sqliteStorage({ path }))
    const db = new Database(path, { readonly: true })
    try {
      const rows = db.prepare('SELECT version FROM stepwise_schema ORDER BY version').all() as { version: number }[]
      expect(rows.map((r) => r.version)).toEqual(SQLITE_MIGRATIONS.map((_, i) => i + 1))
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'stepwise_%'").all() as { name: string }[])
        .map((r) => r.name)
        .sort()
      expect(tables).toEqual([
        'stepwise_approvals',
        'stepwise_events',
        'stepwise_execution_data',
        'stepwise_executions',
        'stepwise_proposals',
        'stepwise_schedule_ticks',
        'stepwise_schema',
        'stepwise_snapshots',
        'stepwise_steps',
        'stepwise_trigger_deliveries',
        'stepwise_triggers',
        'stepwise_workflow_versions',
        'stepwise_workflows',
      ])
    } finally {
      db.close()
    }
  })

  it('upgrades a version-1 file (no trigger tables) in place, keeping its data', async () => {
    const db = new Database(path)
    migrateSqlite(db, SQLITE_MIGRATIONS.slice(0, 1))
    db.close()
    const adapter = track(sqliteStorage({ path }))
    expect(adapter.schemaVersion).toBe(SQLITE_MIGRATIONS.length)
    expect(await adapter.claimScheduleTick(TENANT_A, 'trigger-1', '2026-01-01T00:00:00.000Z')).toBe(true)
    expect(await adapter.listTriggers(TENANT_A)).toEqual([])
  })

  it('refuses a file whose schema is newer than the code with CONFIGURATION_INVALID', () => {
    track(sqliteStorage({ path })).close()
    const db = new Database(path)
    db.prepare('INSERT INTO stepwise_schema (version, applied_at) VALUES (?, ?)').run(SQLITE_MIGRATIONS.length + 1, new Date().toISOString())
    db.close()
    let caught: unknown
    try {
      track(sqliteStorage({ path }))
    } catch (error) {
      caught = error
    }
    expect(StepwiseError.isInstance(caught)).toBe(true)
    expect((caught as StepwiseError).code).toBe('CONFIGURATION_INVALID')
    expect((caught as StepwiseError).message).toMatch(/newer/)
  })

  it('enables WAL, synchronous=NORMAL and the busy timeout', () => {
    const adapter = track(sqliteStorage({ path, busyTimeoutMs: 1234 }))
    expect(adapter.database.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(adapter.database.pragma('synchronous', { simple: true })).toBe(1)
    expect(adapter.database.pragma('busy_timeout', { simple: true })).toBe(1234)
    expect(track(sqliteStorage({ path: nextFile() })).database.pragma('busy_timeout', { simple: true })).toBe(5000)
  })

  it('fails with a retryable STORAGE_CONFLICT when another writer holds the lock beyond the busy timeout', async () => {
    track(sqliteStorage({ path })).close()
    const adapter = track(sqliteStorage({ path, busyTimeoutMs: 100 }))
    const blocker = new Database(path)
    try {
      blocker.exec('BEGIN IMMEDIATE')
      const started = Date.now()
      let caught: unknown
      await adapter.createExecution(TENANT_A, makeExecution()).catch((error: unknown) => (caught = error))
      expect(Date.now() - started).toBeGreaterThanOrEqual(90)
      expect(StepwiseError.isInstance(caught)).toBe(true)
      expect((caught as StepwiseError).code).toBe('STORAGE_CONFLICT')
      expect((caught as StepwiseError).retryable).toBe(true)
      expect((caught as StepwiseError).details).toMatchObject({ sqliteCode: 'SQLITE_BUSY' })
      let openError: unknown
      try {
        sqliteStorage({ path, busyTimeoutMs: 50 })
      } catch (error) {
        openError = error
      }
      expect((openError as StepwiseError).code).toBe('STORAGE_CONFLICT')
      expect((openError as StepwiseError).message).toMatch(/locked by another writer/)
    } finally {
      blocker.exec('ROLLBACK')
      blocker.close()
    }
    expect((await adapter.createExecution(TENANT_A, makeExecution())).created).toBe(true)
  })

  it('uses a host connection without closing it', async () => {
    const db = new Database(path)
    const adapter = sqliteStorage({ database: db })
    await adapter.putSnapshot(TENANT_A, 'h', { ok: true })
    adapter.close()
    expect(db.open).toBe(true)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(await sqliteStorage({ database: db }).getSnapshot(TENANT_A, 'h')).toEqual({ ok: true })
    db.close()
  })

  it('a per-event commit writes a few pages, not the execution\'s JSON bodies', async () => {
    const adapter = track(sqliteStorage({ path }))
    const big = { blob: 'x'.repeat(200_000) }
    const { execution, fence } = await createClaimed(adapter, { execution: { variables: big, outputs: big } })
    adapter.database.pragma('wal_checkpoint(TRUNCATE)')
    expect(statSync(`${path}-wal`).size).toBe(0)
    const commits = 20
    for (let seq = 1; seq <= commits; seq++) await adapter.commit(TENANT_A, execution.id, fence, { events: makeEvents(execution.id, seq, 1) })
    const pageSize = adapter.database.pragma('page_size', { simple: true }) as number
    const pagesPerCommit = statSync(`${path}-wal`).size / (pageSize + 24) / commits
    expect(pagesPerCommit).toBeLessThan(8)
    expect((await adapter.getExecution(TENANT_A, execution.id))?.variables).toEqual(big)
  })
  it('processes racing to claim the same executions in one file: each execution has exactly one owner', async () => {
    const adapter = track(sqliteStorage({ path }))
    const ids: string[] = []
    for (let i = 0; i < 200; i++) ids.push((await adapter.createExecution(TENANT_A, makeExecution())).execution.id)
    const worker = fileURLToPath(new URL('./claim-race-worker.fixture.ts', import.meta.url))
    const startAt = Date.now() + 2_500
    const race = (owner: string) =>
      new Promise<string[]>((resolve, reject) => {
        execFile(process.execPath, ['--import', 'tsx', worker, path, owner, String(startAt), ...ids], (error, stdout, stderr) =>
          error === null ? resolve(JSON.parse(stdout) as string[]) : reject(new Error(`${error.message}\n${stderr}`)),
        )
      })
    const won = await Promise.all([race('p1'), race('p2'), race('p3')])
    expect(won.flat().sort()).toEqual([...ids].sort())
    for (const [i, owner] of ['p1', 'p2', 'p3'].entries()) {
      for (const id of won[i]) expect((await adapter.getExecution(TENANT_A, id))?.leaseOwner).toBe(owner)
    }
  }, 30_000)
})
