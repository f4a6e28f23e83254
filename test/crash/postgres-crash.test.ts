/**
 * Crash tests on PostgreSQL (real processes, a real database): three worker processes share one
 * schema, one of them is killed with SIGKILL repeatedly mid-step and restarted; a timer fires
 * exactly once across processes; an approval decided in this process is resumed by a worker
 * process. Needs `STEPWISE_PG_URL` (see docs/storage-and-scaling.md); fails in CI without it.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { tool } from 'ai'
import { z } from 'zod'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createEngine } from '../../src/index.js'
import { postgresStorage, type PostgresStorageAdapter } from '../../src/postgres.js'
import { checkInvariants, enqueue, killHard, orphanPickups, readLedger, spawnWorker, stopGracefully, waitUntil, type WorkerProcess } from './harness.js'
import type { WorkerConfig } from './worker.js'

const url = process.env.STEPWISE_PG_URL
if (url === undefined || url === '') {
  console.warn('postgres-crash.test.ts: SKIPPED, STEPWISE_PG_URL is not set. Start a cluster: eval "$(scripts/pg-test-cluster.sh start)"')
}

describe('PostgreSQL crash-test environment', () => {
  it.runIf(process.env.CI === 'true')('STEPWISE_PG_URL is set in CI', () => {
    expect(url, 'CI must run the PostgreSQL crash tests: .ci/run exports STEPWISE_PG_URL').toBeTruthy()
  })
})

const LEASE_MS = 1_500

describe.skipIf(url === undefined || url === '')('crash recovery: PostgreSQL, several worker processes', () => {
  const schema = `stepwise_crash_${randomBytes(4).toString('hex')}`
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-crash-pg-'))
  let storage: PostgresStorageAdapter
  let workers: WorkerProcess[] = []
  let ledgerDir: string
  let tenant: string
  let test = 0

  const config = (instanceId: string, extra: Partial<WorkerConfig> = {}): WorkerConfig => ({
    kind: 'postgres',
    url,
    schema,
    instanceId,
    leaseMs: LEASE_MS,
    pollMs: 200,
    concurrency: 4,
    ledgerDir,
    tenantId: tenant,
    stepMs: 300,
    ...extra,
  })
  const start = async (instanceId: string, extra: Partial<WorkerConfig> = {}): Promise<WorkerProcess> => {
    const worker = await spawnWorker(config(instanceId, extra))
    workers.push(worker)
    return worker
  }
  // Only the workers run the real tool; this engine just validates and saves the definitions.
  const effect = tool({ inputSchema: z.object({ n: z.number().optional() }), execute: async () => null })
  const save = async (definition: unknown) => createEngine({ storage, tools: { effect }, tenantId: tenant }).workflows.save(definition)
  const pendingCount = async (ids: readonly string[]): Promise<number> =>
    (await storage.listExecutions(tenant, { status: 'pending', limit: 500 })).filter((e) => ids.includes(e.id)).length
  const completed = async (ids: readonly string[]): Promise<number> =>
    (await storage.listExecutions(tenant, { status: 'completed', limit: 500 })).filter((e) => ids.includes(e.id)).length

  beforeAll(async () => {
    storage = postgresStorage({ connectionString: url as string, schema, max: 4 })
    await storage.migrate()
  })
  afterEach(async () => {
    await Promise.all(workers.map((w) => stopGracefully(w)))
    workers = []
  })
  afterAll(async () => {
    await storage?.close()
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await admin.end()
    rmSync(dir, { recursive: true, force: true })
  })
  /** Each test has its own tenant (workers serve one tenant) and ledger. */
  const fresh = (): void => {
    test += 1
    ledgerDir = join(dir, `ledger-${test}`)
    tenant = `tenant-${test}`
  }

  it('three workers, one SIGKILLed mid-step again and again: nothing lost, one result per step, same key on every re-run', async () => {
    fresh()
    const saved = await save({
      id: 'crash-pg',
      steps: [
        { id: 'a', type: 'tool', tool: 'effect', arguments: { n: 1 } },
        { id: 'b', type: 'tool', tool: 'effect', arguments: { n: 2 } },
        { id: 'c', type: 'tool', tool: 'effect', arguments: { n: 3 } },
      ],
    })
    await start('steady-1')
    await start('steady-2')
    let victim = await start('victim-0')
    const ids = await enqueue(storage, tenant, saved, 120)
    const kills: { at: number; pid: number }[] = []
    // Kill the victim while it has a step in flight (its ledger line is written, its result is not),
    // restart it, and again, until four kills or until no work is left for a new victim.
    while (kills.length < 4) {
      const pid = victim.pid
      // Busy: several calls made (so several executions in hand), the latest less than 200 ms ago.
      const busy = (): boolean => {
        const calls = readLedger(ledgerDir).filter((e) => e.pid === pid)
        return calls.length >= 3 && Date.now() - (calls.at(-1)?.at ?? 0) < 200
      }
      let idle = false
      await waitUntil(async () => busy() || (idle = (await pendingCount(ids)) === 0), 20_000, `victim ${kills.length + 1} in a step`)
      if (idle && !busy()) break
      await killHard(victim)
      kills.push({ at: Date.now(), pid })
      victim = await start(`victim-${kills.length}`)
    }
    await waitUntil(async () => (await completed(ids)) === ids.length, 40_000, 'every execution to complete')

    const ledger = readLedger(ledgerDir)
    const { instances, rerun } = await checkInvariants(storage, tenant, ids, ledger)
    expect(kills.length).toBeGreaterThanOrEqual(3)
    expect(instances).toBe(3 * ids.length)
    expect(rerun).toBeGreaterThanOrEqual(2)
    // Orphan pickup: each step interrupted by a kill ran again on a live process.
    const pickups = orphanPickups(ledger, kills)
    console.log(`postgres crash: ${kills.length} kills, ${rerun} step instances re-run (${ledger.length - instances} extra calls), orphan pickup max ${Math.max(...pickups)} ms (lease ${LEASE_MS} ms)`)
  }, 75_000)

  it('a paused worker (SIGSTOP past its lease) is fenced off: its late result is never committed', async () => {
    fresh()
    const saved = await save({ id: 'crash-zombie', steps: [{ id: 'slow', type: 'tool', tool: 'effect' }, { id: 'next', type: 'tool', tool: 'effect' }] })
    const zombie = await start('zombie', { stepMs: 800 })
    const ids = await enqueue(storage, tenant, saved, 4)
    await waitUntil(() => readLedger(ledgerDir).some((e) => e.pid === zombie.pid), 10_000, 'the zombie to start a step')
    zombie.child.kill('SIGSTOP')
    const frozen = readLedger(ledgerDir).filter((e) => e.pid === zombie.pid)
    const healthy = await start('healthy', { stepMs: 50 })
    await waitUntil(async () => (await completed(ids)) === ids.length, 20_000, 'the healthy worker to finish everything')
    zombie.child.kill('SIGCONT')
    // The zombie's tool calls return now; its commits present a stale fence and are refused.
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    const ledger = readLedger(ledgerDir)
    await checkInvariants(storage, tenant, ids, ledger)
    for (const call of frozen) {
      const [row] = (await storage.listSteps(tenant, call.executionId)).filter((r) => r.stepId === call.stepId && r.status === 'completed')
      expect((row.output as { pid: number }).pid).toBe(healthy.pid)
    }
    expect(zombie.child.exitCode).toBeNull() // it survived its LEASE_LOST and keeps working
  }, 40_000)

  it('a timer fires exactly once across three worker processes', async () => {
    fresh()
    const saved = await save({
      id: 'crash-timer',
      steps: [
        { id: 'nap', type: 'wait', durationMs: 1_000 },
        { id: 'after', type: 'tool', tool: 'effect' },
      ],
    })
    for (let i = 0; i < 3; i++) await start(`timer-${i}`, { stepMs: 20 })
    const ids = await enqueue(storage, tenant, saved, 12)
    await waitUntil(async () => (await completed(ids)) === ids.length, 20_000, 'timers to fire')
    const ledger = readLedger(ledgerDir)
    expect(ledger).toHaveLength(ids.length)
    expect(new Set(ledger.map((e) => e.executionId)).size).toBe(ids.length)
    let spurious = 0
    for (const id of ids) {
      const events = await storage.readEvents(tenant, id, 0, 1_000)
      expect(events.filter((e) => e.type === 'step.completed' && e.stepId === 'nap')).toHaveLength(1)
      // A worker acting on a due list read while the execution was still pending may claim it just
      // after another parked it: it re-parks at once (no step runs). Counted, not a second firing.
      spurious += events.filter((e) => e.type === 'execution.resumed').length - 1
    }
    await checkInvariants(storage, tenant, ids, ledger)
    console.log(`postgres timers: ${ids.length} fired once each across 3 processes (${spurious} early resumes re-parked at once)`)
  }, 40_000)

  it('an approval decided in this process is resumed at once by a worker process (LISTEN/NOTIFY, not polling)', async () => {
    fresh()
    const saved = await save({ id: 'crash-approval', steps: [{ id: 'ok', type: 'approval' }, { id: 'after', type: 'tool', tool: 'effect' }] })
    const worker = await start('approver-side', { pollMs: 60_000, stepMs: 10 })
    const [id] = await enqueue(storage, tenant, saved, 1)
    // The worker hears the new execution through NOTIFY and runs it to the approval.
    await waitUntil(async () => (await storage.getExecution(tenant, id))?.status === 'waiting', 10_000, 'the approval to wait')
    const decidedAt = Date.now()
    const decided = await storage.decideApproval(tenant, id, 'ok', '', { approved: true, decision: 'approved', by: 'tester', decidedAt: new Date().toISOString() })
    expect(decided?.applied).toBe(true)
    await waitUntil(async () => (await storage.getExecution(tenant, id))?.status === 'completed', 10_000, 'the worker to resume it')
    expect(Date.now() - decidedAt).toBeLessThan(5_000)
    const ledger = readLedger(ledgerDir)
    expect(ledger.map((e) => e.pid)).toEqual([worker.pid])
    await checkInvariants(storage, tenant, [id], ledger)
  }, 40_000)
})
