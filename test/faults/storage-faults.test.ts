/**
 * Storage faults injected into engine instances in this process (faulty-storage.ts), on memory
 * storage and on PostgreSQL: a crash between a tool's effect and its commit (the instance dies;
 * a new one replaces it), commits that fail before writing, commits whose acknowledgement is lost,
 * claims whose acknowledgement is lost. Three instances with workers share the work. Cheap per
 * fault, so this is where the long form gets most of its 1,000+ faults.
 */
import { tool } from 'ai'
import { z } from 'zod'
import { afterAll, describe, expect, it } from 'vitest'
import { createEngine, memoryStorage, type Engine, type StorageAdapterV1, type WorkerHandle } from '../../src/index.js'
import { postgresStorage } from '../../src/postgres.js'
import { feed, waitUntil } from '../crash/harness.js'
import { LONG, reportFaults, size, sleep, testSeed, type Rng } from './fault-config.js'
import { faultyStorage, type FaultRates, type InjectedFault } from './faulty-storage.js'
import { checkExecutions } from './invariants.js'
import { PG_URL, THREE_EFFECTS } from './pg-scenario.js'

const LEASE_MS = 1_000
/** Orphan pickup: the target is lease + 5 s (checked in the long form); the short form allows for a shared, loaded CPU. */
const PICKUP_LIMIT_MS = LEASE_MS + size(15_000, 5_000)

interface Call {
  key: string
  identity: string
  at: number
  applied: boolean
}

/** Runs the scenario on `inner`; resolves with the figures after checking everything. */
async function storageFaults(name: string, inner: StorageAdapterV1, rng: Rng, executions: number, rates: FaultRates): Promise<void> {
  const tenant = `tenant-${name}`
  const calls: Call[] = []
  const applied = new Set<string>()
  const effect = tool({
    inputSchema: z.object({ n: z.number().optional() }),
    execute: async (_input, options) => {
      const ctx = options.experimental_context as { idempotencyKey: string; executionId: string; stepId: string; iterationPath: string }
      const first = !applied.has(ctx.idempotencyKey) // a provider that honours the key applies it once
      applied.add(ctx.idempotencyKey)
      calls.push({ key: ctx.idempotencyKey, identity: `${ctx.executionId}:${ctx.stepId}:${ctx.iterationPath}`, at: Date.now(), applied: first })
      await sleep(rng.int(5, 30))
      return { key: ctx.idempotencyKey }
    },
  })
  const faults: InjectedFault[] = []
  const live = new Set<{ engine: Engine; worker: WorkerHandle }>()
  const replacements = new Set<Promise<void>>()
  let started = 0
  let stopping = false
  const spawn = (): void => {
    const entry = { engine: undefined as unknown as Engine, worker: undefined as unknown as WorkerHandle }
    const storage = faultyStorage(inner, rng, rates, (fault) => {
      faults.push(fault)
      if (fault.kind !== 'crash') return
      live.delete(entry) // dead: never stopped or closed, its calls hang forever
      const replacement = sleep(rng.int(0, 300)).then(() => (stopping ? undefined : spawn()))
      replacements.add(replacement)
    })
    entry.engine = createEngine({ storage, tools: { effect }, leaseMs: LEASE_MS, instanceId: `${name}-${started++}`, concurrency: 4, tenantId: tenant })
    entry.worker = entry.engine.startWorker({ pollMs: 100 })
    live.add(entry)
  }
  const saved = await createEngine({ storage: inner, tools: { effect }, tenantId: tenant }).workflows.save(THREE_EFFECTS)
  for (let i = 0; i < 3; i++) spawn()
  // Work arrives steadily (at most 12 pending), so an orphan competes with live work, not a dump.
  const { ids, done } = feed(inner, tenant, saved, executions, 12)
  await done

  const remaining = new Set(ids)
  await waitUntil(
    async () => {
      for (const id of [...remaining].slice(0, 25)) if ((await inner.getExecution(tenant, id))?.status === 'completed') remaining.delete(id)
      return remaining.size === 0
    },
    size(60_000, 900_000),
    `${executions} executions to complete`,
  ).catch(() => undefined) // checkExecutions below names the ones that did not
  stopping = true
  await Promise.all([...replacements])
  for (const { engine, worker } of live) {
    await worker.stop()
    await engine.close({ graceMs: 1_000 })
  }

  await checkExecutions(inner, tenant, ids, { completed: executions })
  // I3: one effect per step instance, under a key that never changed; re-runs found it applied.
  const byKey = new Map<string, Call[]>()
  for (const call of calls) byKey.set(call.key, [...(byKey.get(call.key) ?? []), call])
  expect(byKey.size).toBe(3 * executions)
  for (const [key, list] of byKey) {
    expect(list.every((c) => c.identity === key), `key of ${key} is the step instance`).toBe(true)
    expect(list.filter((c) => c.applied), `effects applied for ${key}`).toHaveLength(1)
  }
  // Nothing hidden: each crash's lost step re-ran, on another instance, within lease + 5 s.
  const pickups: number[] = []
  for (const fault of faults.filter((f) => f.kind === 'crash')) {
    for (const key of fault.keys ?? []) {
      const rerun = byKey.get(key)?.find((c) => c.at > fault.at)
      expect(rerun, `re-run of ${key} after the crash`).toBeDefined()
      pickups.push((rerun as Call).at - fault.at)
    }
  }
  const kinds: Record<string, number> = {}
  for (const fault of faults) kinds[fault.kind] = (kinds[fault.kind] ?? 0) + 1
  const maxPickup = Math.max(0, ...pickups)
  reportFaults({ scenario: `storage-faults-${name}`, faults: kinds, executions, lost: 0, doubleCommits: 0, maxOrphanPickupMs: maxPickup, notes: `${calls.length} tool calls for ${byKey.size} step instances` })
  expect(kinds.crash ?? 0).toBeGreaterThan(0)
  expect(maxPickup, 'orphan pickup').toBeLessThanOrEqual(PICKUP_LIMIT_MS)
}

const RATES: FaultRates = { crash: size(0.04, 0.05), failBefore: 0.02, lostAck: 0.02, claimLostAck: 0.02 }

// Short form: memory (CPU) and PostgreSQL (mostly waiting on the database) side by side.
describe('storage faults injected into engine instances', { concurrent: !LONG }, () => {
  it('memory storage: crashes between effect and commit, failed commits, lost acknowledgements', async (context) => {
    await storageFaults('memory', memoryStorage(), testSeed('storage-faults-memory', context), size(100, 1_500), RATES)
  }, size(90_000, 1_000_000))

  describe.skipIf(PG_URL === '')('PostgreSQL', () => {
    const schema = `stepwise_faults_storage_${Math.random().toString(36).slice(2, 8)}`
    const storage = PG_URL === '' ? undefined : postgresStorage({ connectionString: PG_URL, schema, max: 8 })
    afterAll(async () => {
      await storage?.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      await storage?.close()
    })
    it('PostgreSQL: crashes between effect and commit, failed commits, lost acknowledgements', async (context) => {
      await storageFaults('postgres', storage as StorageAdapterV1, testSeed('storage-faults-postgres', context), size(100, 1_500), RATES)
    }, size(90_000, 1_000_000))
  })
})
