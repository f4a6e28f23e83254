/**
 * Crash test on SQLite (a file, real processes): a worker process running executions is killed
 * with SIGKILL mid-step, a new process on the same file recovers every execution once the
 * leases expire. See harness.ts for the invariants checked.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { sqliteStorage } from '../../src/sqlite.js'
import { checkInvariants, killHard, readLedger, spawnWorker, stopGracefully, waitUntil, type WorkerProcess } from './harness.js'
import type { WorkerConfig } from './worker.js'

const LEASE_MS = 1_500
const workflow = {
  id: 'crash-sqlite',
  steps: [
    { id: 'a', type: 'tool', tool: 'effect', arguments: { n: 1 } },
    { id: 'b', type: 'tool', tool: 'effect', arguments: { n: 2 } },
    { id: 'c', type: 'tool', tool: 'effect', arguments: { n: 3 } },
  ],
}

describe('crash recovery: SQLite, one process killed and restarted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-crash-sqlite-'))
  const workers: WorkerProcess[] = []
  afterAll(async () => {
    for (const worker of workers) await stopGracefully(worker)
    rmSync(dir, { recursive: true, force: true })
  })

  it('SIGKILL mid-step loses nothing: every execution completes, each step commits once, re-runs reuse the key', async () => {
    const path = join(dir, 'stepwise.db')
    const ledgerDir = join(dir, 'ledger')
    const base: Omit<WorkerConfig, 'instanceId'> = { kind: 'sqlite', path, leaseMs: LEASE_MS, pollMs: 100, concurrency: 16, ledgerDir, stepMs: 400 }
    const count = 12
    const first = await spawnWorker({ ...base, instanceId: 'first', start: { count, workflow } })
    workers.push(first)
    // Kill once every execution has a step in flight and some are past their first step.
    await waitUntil(() => readLedger(ledgerDir).length >= count + 4, 20_000, 'steps in flight')
    await killHard(first)
    const killedAt = Date.now()
    const inFlight = readLedger(ledgerDir).length

    const storage = sqliteStorage({ path })
    try {
      const ids = (await storage.listExecutions('default', { limit: 100 })).map((e) => e.id)
      expect(ids).toHaveLength(count)
      expect((await storage.listExecutions('default', { status: 'completed' })).length).toBeLessThan(count)

      const second = await spawnWorker({ ...base, instanceId: 'second' })
      workers.push(second)
      await waitUntil(async () => (await storage.listExecutions('default', { status: 'completed', limit: 100 })).length === count, 30_000, 'recovery')
      await stopGracefully(second)

      const ledger = readLedger(ledgerDir)
      const { instances, rerun } = await checkInvariants(storage, 'default', ids, ledger)
      expect(instances).toBe(3 * count)
      expect(rerun).toBeGreaterThan(0)
      // Re-runs of interrupted steps happen in the new process, after the dead one's lease expired.
      const reruns = ledger.slice(inFlight)
      expect(reruns.every((entry) => entry.pid === second.pid)).toBe(true)
      expect(Math.min(...reruns.map((entry) => entry.at)) - killedAt).toBeGreaterThanOrEqual(0)
      expect(ledger.length).toBe(3 * count + rerun)
      console.log(`sqlite crash: ${rerun} interrupted step instances re-run with their key after the restart`)
    } finally {
      storage.close()
    }
  }, 60_000)
})
