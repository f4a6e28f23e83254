import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { tool } from 'ai'
import { z } from 'zod'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createEngine } from '../../../create-engine.js'
import { StepwiseError } from '../../../errors/stepwise-error.js'
import type { StepwiseEvent } from '../../../engine/events.js'
import { describeStorageConformance } from '../../../testing/storage-conformance.js'
import { describeTriggerStorageConformance } from '../../../testing/conformance/triggers.js'
import { T0, TENANT_A, createClaimed, makeApproval, makeDecision, makeEvents, makeExecution } from '../../../testing/conformance-fixtures.js'
import { POSTGRES_MIGRATIONS } from './migrations.js'
import { postgresStorage, type PostgresStorageAdapter } from './postgres-storage.js'

/**
 * Runs against a real PostgreSQL: `STEPWISE_PG_URL` (see docs/storage-and-scaling.md, or
 * `eval "$(scripts/pg-test-cluster.sh start)"`). Every run works in fresh schemas, dropped afterwards.
 */
const url = process.env.STEPWISE_PG_URL
if (url === undefined || url === '') {
  console.warn('postgres-storage.test.ts: SKIPPED, STEPWISE_PG_URL is not set. Start a cluster: eval "$(scripts/pg-test-cluster.sh start)"')
}

describe('PostgreSQL test environment', () => {
  it.runIf(process.env.CI === 'true')('STEPWISE_PG_URL is set in CI', () => {
    expect(url, 'CI must run the PostgreSQL tests: .ci/run exports STEPWISE_PG_URL').toBeTruthy()
  })
})

const run = randomBytes(4).toString('hex')
const schemaOf = (suffix: string): string => `stepwise_test_${run}_${suffix}`
const TABLES = [
  'stepwise_snapshots',
  'stepwise_workflows',
  'stepwise_workflow_versions',
  'stepwise_executions',
  'stepwise_execution_data',
  'stepwise_steps',
  'stepwise_events',
  'stepwise_approvals',
  'stepwise_event_watchers',
  'stepwise_triggers',
  'stepwise_schedule_ticks',
  'stepwise_trigger_deliveries',
  'stepwise_proposals',
]

describe.skipIf(url === undefined || url === '')('postgresStorage', () => {
  const admin = new pg.Pool({ connectionString: url, max: 4 })
  const schemas = new Set<string>()
  const open: PostgresStorageAdapter[] = []
  const track = (adapter: PostgresStorageAdapter): PostgresStorageAdapter => {
    open.push(adapter)
    schemas.add(adapter.schema)
    return adapter
  }
  const conformanceSchema = schemaOf('conf')
  schemas.add(conformanceSchema)

  afterAll(async () => {
    for (const adapter of open.splice(0)) await adapter.close()
    for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await admin.end()
  })

  describe('conformance', () => {
    const shared = new pg.Pool({ connectionString: url, max: 4 })
    afterAll(() => shared.end())

    describeStorageConformance({
      name: 'postgres (own pool + a second adapter on an injected pool)',
      async create() {
        const adapter = postgresStorage({ connectionString: url as string, schema: conformanceSchema, max: 4 })
        await adapter.migrate()
        await admin.query(`TRUNCATE ${TABLES.map((t) => `"${conformanceSchema}".${t}`).join(', ')}`)
        return adapter
      },
      createSecond: () => postgresStorage({ pool: shared, schema: conformanceSchema }),
      destroy: (adapter) => (adapter as PostgresStorageAdapter).close(),
    })

    describeTriggerStorageConformance({
      name: 'postgres (own pool + a second adapter on an injected pool)',
      async create() {
        const adapter = postgresStorage({ connectionString: url as string, schema: conformanceSchema, max: 4 })
        await adapter.migrate()
        await admin.query(`TRUNCATE ${TABLES.map((t) => `"${conformanceSchema}".${t}`).join(', ')}`)
        return adapter
      },
      createSecond: () => postgresStorage({ pool: shared, schema: conformanceSchema }),
      destroy: (adapter) => (adapter as PostgresStorageAdapter).close(),
    })
  })

  describe('migrations', () => {
    it('five adapters starting at once apply each migration exactly once', async () => {
      const schema = schemaOf('mig')
      const adapters = Array.from({ length: 5 }, () => track(postgresStorage({ connectionString: url as string, schema, max: 2 })))
      const versions = await Promise.all(adapters.map((a) => a.migrate()))
      expect(versions).toEqual(adapters.map(() => POSTGRES_MIGRATIONS.length))
      const { rows } = await admin.query<{ version: number }>(`SELECT version FROM "${schema}".stepwise_schema ORDER BY version`)
      expect(rows.map((r) => r.version)).toEqual(POSTGRES_MIGRATIONS.map((_, i) => i + 1))
      const tables = await admin.query<{ tablename: string }>('SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename', [schema])
      expect(tables.rows.map((r) => r.tablename)).toEqual([...TABLES, 'stepwise_schema'].sort())
      // Every adapter works on the migrated schema; a later one finds nothing to do.
      await Promise.all(adapters.map((a, i) => a.createExecution(TENANT_A, makeExecution({ id: `exec-${i}` }))))
      expect(await track(postgresStorage({ connectionString: url as string, schema })).migrate()).toBe(POSTGRES_MIGRATIONS.length)
      expect((await adapters[0].listExecutions(TENANT_A)).length).toBe(5)
    })

    it('refuses a database whose schema is newer than the code with CONFIGURATION_INVALID', async () => {
      const schema = schemaOf('newer')
      await track(postgresStorage({ connectionString: url as string, schema })).migrate()
      await admin.query(`INSERT INTO "${schema}".stepwise_schema (version) VALUES ($1)`, [POSTGRES_MIGRATIONS.length + 1])
      const adapter = track(postgresStorage({ connectionString: url as string, schema }))
      const caught = await adapter.migrate().catch((error: unknown) => error)
      expect(StepwiseError.isInstance(caught)).toBe(true)
      expect(caught).toMatchObject({ code: 'CONFIGURATION_INVALID', details: { schemaVersion: POSTGRES_MIGRATIONS.length + 1 } })
      expect((caught as Error).message).toMatch(/newer than this version of stepwise/)
      await expect(adapter.getExecution(TENANT_A, 'x')).rejects.toMatchObject({ code: 'CONFIGURATION_INVALID' })
    })

    it('rejects an invalid schema name at once', () => {
      expect(() => postgresStorage({ connectionString: url as string, schema: 'bad"name' })).toThrow(/Invalid PostgreSQL schema name/)
    })
  })

  describe('adapter behaviour', () => {
    const schema = schemaOf('misc')
    let a: PostgresStorageAdapter
    let b: PostgresStorageAdapter
    beforeAll(async () => {
      a = track(postgresStorage({ connectionString: url as string, schema, max: 4 }))
      b = track(postgresStorage({ connectionString: url as string, schema, max: 4 }))
      await a.migrate()
    })

    it('listDueExecutions skips rows another poller holds locked (FOR UPDATE SKIP LOCKED)', async () => {
      const one = await a.createExecution(TENANT_A, makeExecution({ status: 'waiting', wakeAt: T0 }))
      const two = await a.createExecution(TENANT_A, makeExecution({ status: 'waiting', wakeAt: T0 }))
      const poller = await admin.connect()
      try {
        await poller.query('BEGIN')
        await poller.query(`SELECT id FROM "${schema}".stepwise_executions WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [TENANT_A, one.execution.id])
        const due = (await b.listDueExecutions(TENANT_A, T0, 100)).map((d) => d.id)
        expect(due).toContain(two.execution.id)
        expect(due).not.toContain(one.execution.id)
      } finally {
        await poller.query('ROLLBACK')
        poller.release()
      }
      expect((await b.listDueExecutions(TENANT_A, T0, 100)).map((d) => d.id)).toContain(one.execution.id)
    })

    it('a terminal step row is guarded by the database itself, and a stale fence writes nothing', async () => {
      const { execution, fence } = await createClaimed(a)
      await a.commit(TENANT_A, execution.id, fence, { steps: [{ executionId: execution.id, stepId: 's', stepType: 'tool', iterationPath: '', attempt: 1, status: 'completed', output: 1, startedAt: 'x' }] })
      const update = admin.query(`UPDATE "${schema}".stepwise_steps SET output = '2' WHERE tenant_id = $1 AND execution_id = $2`, [TENANT_A, execution.id])
      await expect(update).rejects.toMatchObject({ code: 'SW409' })
      await b.claimExecution(TENANT_A, execution.id, { owner: 'other', leaseMs: 1000, now: T0 + 60_000 })
      await expect(a.commit(TENANT_A, execution.id, fence, { events: makeEvents(execution.id, 1, 1) })).rejects.toMatchObject({ code: 'LEASE_LOST' })
      expect(await b.readEvents(TENANT_A, execution.id, 0, 10)).toEqual([])
    })

    it('close() ends the pool it created but leaves an injected pool open', async () => {
      const pool = new pg.Pool({ connectionString: url, max: 2 })
      const injected = postgresStorage({ pool, schema })
      const unsubscribe = injected.notifications.onWork(() => undefined)
      await injected.notifications.ready()
      expect(await injected.getExecution(TENANT_A, 'none')).toBeUndefined()
      unsubscribe()
      await injected.close()
      expect((await pool.query('SELECT 1 AS one')).rows[0]).toEqual({ one: 1 })
      await pool.end()
      const owned = postgresStorage({ connectionString: url as string, schema })
      await owned.migrate()
      await owned.close()
      await expect(owned.getExecution(TENANT_A, 'none')).rejects.toBeDefined()
    })
  })

  describe('notifications (LISTEN/NOTIFY)', () => {
    const schema = schemaOf('notify')
    let a: PostgresStorageAdapter
    let b: PostgresStorageAdapter
    const engines: { close(): Promise<void> }[] = []
    beforeAll(async () => {
      a = track(postgresStorage({ connectionString: url as string, schema, max: 4 }))
      b = track(postgresStorage({ connectionString: url as string, schema, max: 4 }))
      await a.migrate()
    })
    afterEach(async () => {
      for (const engine of engines.splice(0)) await engine.close()
    })

    const waitFor = async (check: () => boolean, ms = 3_000): Promise<void> => {
      const until = Date.now() + ms
      while (!check()) {
        if (Date.now() > until) throw new Error('timed out waiting for a notification')
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    }

    it('events committed through adapter A reach onEvents listeners of adapter B; unsubscribed listeners hear nothing', async () => {
      const { execution, fence } = await createClaimed(a)
      const heard: number[] = []
      const other: number[] = []
      const unsubscribe = b.notifications.onEvents(TENANT_A, execution.id, (seq) => heard.push(seq))
      const unsubscribeOther = b.notifications.onEvents(TENANT_A, 'another-execution', (seq) => other.push(seq))
      await b.notifications.ready()
      await a.commit(TENANT_A, execution.id, fence, { events: makeEvents(execution.id, 1, 3) })
      await waitFor(() => heard.length === 1)
      expect(heard).toEqual([3])
      unsubscribe()
      await b.notifications.ready()
      await a.commit(TENANT_A, execution.id, fence, { events: makeEvents(execution.id, 4, 1) })
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(heard).toEqual([3])
      expect(other).toEqual([])
      unsubscribeOther()
    })

    it('events are NOTIFYed only for executions some process watches (a NOTIFY serialises commits cluster-wide)', async () => {
      const raw = new pg.Client({ connectionString: url })
      await raw.connect()
      const heard: string[] = []
      raw.on('notification', (message) => heard.push(JSON.parse(message.payload ?? '{}').e as string))
      await raw.query(`LISTEN "stepwise:${schema}:events"`)
      try {
        const watched = await createClaimed(a)
        const unwatched = await createClaimed(a)
        const unsubscribe = b.notifications.onEvents(TENANT_A, watched.execution.id, () => undefined)
        await b.notifications.ready()
        await a.commit(TENANT_A, unwatched.execution.id, unwatched.fence, { events: makeEvents(unwatched.execution.id, 1, 1) })
        await a.commit(TENANT_A, watched.execution.id, watched.fence, { events: makeEvents(watched.execution.id, 1, 1) })
        await waitFor(() => heard.length > 0)
        unsubscribe()
        await b.notifications.ready()
        await a.commit(TENANT_A, watched.execution.id, watched.fence, { events: makeEvents(watched.execution.id, 2, 1) })
        await new Promise((resolve) => setTimeout(resolve, 100))
        expect(heard).toEqual([watched.execution.id])
        const rows = await admin.query(`SELECT count(*)::int AS n FROM "${schema}".stepwise_event_watchers`)
        expect(rows.rows[0].n).toBe(0)
      } finally {
        await raw.end()
      }
    })

    it('a rolled-back commit sends nothing; onWork hears creates, decisions and lease releases', async () => {
      const work: string[] = []
      const unsubscribe = b.notifications.onWork((tenant) => work.push(tenant))
      await b.notifications.ready()
      const { execution, fence } = await createClaimed(a)
      await waitFor(() => work.length === 1)
      await expect(a.commit(TENANT_A, execution.id, fence + 1, { releaseLease: true })).rejects.toMatchObject({ code: 'LEASE_LOST' })
      const approval = makeApproval(execution.id)
      await a.commit(TENANT_A, execution.id, fence, { approvals: [approval], execution: { status: 'waiting' }, releaseLease: true })
      await waitFor(() => work.length === 2)
      await a.decideApproval(TENANT_A, execution.id, approval.stepId, '', makeDecision(true))
      await waitFor(() => work.length === 3)
      await a.decideApproval(TENANT_A, execution.id, approval.stepId, '', makeDecision(false))
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(work).toEqual([TENANT_A, TENANT_A, TENANT_A])
      unsubscribe()
    })

    it('the listening connection recovers after the server drops it, and wakes every subscriber once', async () => {
      const c = track(postgresStorage({ connectionString: url as string, schema, max: 2 }))
      const work: string[] = []
      const events: number[] = []
      const { execution, fence } = await createClaimed(a)
      const unsubscribe = c.notifications.onWork((tenant) => work.push(tenant))
      const unsubscribeEvents = c.notifications.onEvents(TENANT_A, execution.id, (seq) => events.push(seq))
      await c.notifications.ready()
      await a.createExecution(TENANT_A, makeExecution())
      await waitFor(() => work.length === 1)
      const killed = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [`stepwise-listen:${schema}`])
      expect(killed.rowCount).toBeGreaterThanOrEqual(1)
      // Reconnected: every subscriber is called once (signals may have been missed meanwhile)...
      await waitFor(() => work.length === 2 && events.length === 1)
      expect(events).toEqual([-1])
      // ...and signals flow again, including events of the watched execution.
      await a.commit(TENANT_A, execution.id, fence, { events: makeEvents(execution.id, 1, 2) })
      await a.createExecution(TENANT_A, makeExecution())
      await waitFor(() => work.length === 3 && events.length === 2)
      expect(events).toEqual([-1, 2])
      unsubscribe()
      unsubscribeEvents()
    })

    it('engine B streams, live, the events of an execution run by engine A', async () => {
      let release: () => void = () => undefined
      const gate = new Promise<void>((resolve) => (release = resolve))
      const slow = tool({ inputSchema: z.object({}), execute: async () => (await gate, 'done') })
      const engineA = createEngine({ storage: a, tools: { slow }, instanceId: 'engine-a' })
      const engineB = createEngine({ storage: b, instanceId: 'engine-b' })
      engines.push(engineA, engineB)
      const { id } = await engineA.start({ id: 'remote', steps: [{ id: 'first', type: 'set', values: { x: '1' } }, { id: 'wait-gate', type: 'tool', tool: 'slow' }] })
      const seen: StepwiseEvent[] = []
      const arrived: number[] = []
      const streamed = (async () => {
        for await (const event of engineB.events(id)) {
          seen.push(event)
          arrived.push(Date.now())
        }
      })()
      await waitFor(() => seen.some((e) => e.type === 'step.started' && e.stepId === 'wait-gate'))
      await new Promise((resolve) => setTimeout(resolve, 50))
      const before = seen.length
      const releasedAt = Date.now()
      release()
      await streamed
      // The first event committed after the release reached B through NOTIFY, not the engine's 1 s safety poll.
      expect(arrived[before] - releasedAt).toBeLessThan(700)
      expect(seen.map((e) => e.seq)).toEqual(seen.map((_, i) => i + 1))
      expect(seen.at(-1)?.type).toBe('execution.completed')
      expect(seen.map((e) => e.type)).toContain('step.completed')
    })

    it('a worker of engine B polling once a minute picks up an approval decided through adapter A at once', async () => {
      const engineA = createEngine({ storage: a, instanceId: 'engine-a' })
      const waiting = await engineA.run({ id: 'gate', steps: [{ id: 'ok', type: 'approval' }, { id: 'after', type: 'set', values: { done: 'true' } }] })
      expect(waiting.status).toBe('waiting')
      await engineA.close()
      const engineB = createEngine({ storage: b, instanceId: 'engine-b' })
      engines.push(engineB)
      const worker = engineB.startWorker({ pollMs: 60_000 })
      await b.notifications.ready()
      await new Promise((resolve) => setTimeout(resolve, 50))
      await a.decideApproval('default', waiting.id, 'ok', '', makeDecision(true))
      const deadline = Date.now() + 3_000
      let status = (await b.getExecution('default', waiting.id))?.status
      while (status !== 'completed' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20))
        status = (await b.getExecution('default', waiting.id))?.status
      }
      expect(status).toBe('completed')
      await worker.stop()
    })
  })
})
