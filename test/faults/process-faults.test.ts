/**
 * Process faults on PostgreSQL with real worker processes (test/crash/worker.ts):
 * - SIGKILL of a random worker every few seconds while three of them run executions of three
 *   tool steps (each kill lands mid-tool-call: every worker has several calls in flight);
 * - a worker killing itself right after a tool's effect, before the result is committed;
 * - zombies: a worker SIGSTOPped inside a tool call, resumed after another worker re-ran that call.
 * After each: the invariants of invariants.ts, one effect per step instance in the key-honouring
 * effect table, orphan pickup times. Sizes: fault-config.ts (short form here, long with --long).
 */
import { describe, expect, it } from 'vitest'
import { checkInvariants, enqueue, feed, inToolCall, orphanPickups, readLedger, waitUntil } from '../crash/harness.js'
import { LONG, reportFaults, size, sleep, testSeed } from './fault-config.js'
import { createFleet, type Fleet } from './fleet.js'
import { checkSideEffects } from './ledger-checks.js'
import { PG_URL, pgScenario, requirePostgres, THREE_EFFECTS, type PgScenario } from './pg-scenario.js'

requirePostgres('process-faults.test.ts')

const LEASE_MS = 2_000
/** Orphan pickup: the target is lease + 5 s (checked in the long form); the short form allows for a shared, loaded CPU. */
const PICKUP_LIMIT_MS = LEASE_MS + size(15_000, 5_000)

/** Runs `body` with a fresh scenario; stops its fleet and drops its schema afterwards, pass or fail. */
async function inScenario(name: string, body: (s: PgScenario, track: (fleet: Fleet) => Fleet) => Promise<void>): Promise<void> {
  const s = await pgScenario(name)
  let fleet: Fleet | undefined
  try {
    await body(s, (created) => (fleet = created))
  } finally {
    await fleet?.stop()
    await s.dispose()
  }
}

// The scenarios mostly wait (leases, pauses), so the short form runs them side by side; the long
// form runs them one at a time so their orphan pickup times are not inflated by each other.
describe.skipIf(PG_URL === '')('process faults on PostgreSQL (real worker processes)', { concurrent: !LONG }, () => {
  it('SIGKILL of a random worker every few seconds, 3 workers: nothing lost, one result and one effect per step', (context) =>
    inScenario('kill', async (s, track) => {
      const rng = testSeed('sigkill', context)
      const saved = await s.save(THREE_EFFECTS)
      const stepMs = size(100, 200)
      const fleet = track(createFleet({ size: 3, rng, restartMs: [0, 1_000], config: (i) => s.config(`kill-${i}`, { leaseMs: LEASE_MS, stepMs }) }))
      await fleet.start()
      // Work arrives steadily (at most 16 pending): orphans compete with live work, not with a dump of 2,000.
      const { ids, done } = feed(s.storage, s.tenant, saved, size(200, 2_000), 16)
      const killUntil = Date.now() + size(60_000, 900_000)
      let kills = 0
      let fed = false
      void done.then(() => (fed = true))
      while (!fed || (await s.completed(ids)) < ids.length) {
        if (Date.now() > killUntil) break
        await fleet.full() // never more than one worker down: the others keep picking up orphans
        await sleep(rng.int(1_000, size(2_000, 3_000)))
        if ((await fleet.killRandom((w) => inToolCall(s.ledgerDir, w.pid, stepMs))) !== undefined) kills += 1
      }
      await done
      await s.allCompleted(ids, 60_000).catch(() => undefined) // the invariants below name what did not
      await fleet.stop()
      const ledger = readLedger(s.ledgerDir)
      const { instances } = await checkInvariants(s.storage, s.tenant, ids, ledger)
      expect(instances).toBe(3 * ids.length)
      const effects = checkSideEffects(ledger, await s.effectKeys(), fleet.deaths)
      const pickups = orphanPickups(ledger, fleet.deaths)
      const maxPickup = Math.max(0, ...pickups)
      reportFaults({ scenario: 'sigkill', faults: { kill: kills }, executions: ids.length, lost: 0, doubleCommits: 0, maxOrphanPickupMs: maxPickup, notes: `${effects.reruns} re-runs (${effects.unexplained} after a lease lost under load)` })
      expect(kills).toBeGreaterThanOrEqual(1)
      expect(effects.reruns).toBeGreaterThanOrEqual(1)
      expect(maxPickup, `orphan pickup (${pickups.length} pickups)`).toBeLessThanOrEqual(PICKUP_LIMIT_MS)
  }), size(150_000, 1_200_000))

  it('a worker crashing between a tool’s effect and its commit: the step re-runs with the same key, the effect happens once', (context) =>
    inScenario('effect', async (s, track) => {
      const rng = testSeed('crash-after-effect', context)
      const saved = await s.save(THREE_EFFECTS)
      const fleet = track(createFleet({ size: 3, rng, restartMs: [0, 500], config: (i) => s.config(`effect-${i}`, { leaseMs: LEASE_MS, crashAfterEffect: size(0.03, 0.08), seed: rng.seed + i }) }))
      await fleet.start()
      const ids = await enqueue(s.storage, s.tenant, saved, size(60, 600))
      await s.allCompleted(ids, size(90_000, 900_000))
      await fleet.stop()
      const ledger = readLedger(s.ledgerDir)
      await checkInvariants(s.storage, s.tenant, ids, ledger)
      const effects = checkSideEffects(ledger, await s.effectKeys(), fleet.deaths)
      const pickups = orphanPickups(ledger, fleet.deaths)
      reportFaults({
        scenario: 'crash-after-effect',
        faults: { 'crash-after-effect': effects.crashes },
        executions: ids.length,
        lost: 0,
        doubleCommits: 0,
        maxOrphanPickupMs: Math.max(0, ...pickups),
        notes: `${effects.calls} calls, ${effects.reruns} re-runs, effects applied once per instance`,
      })
      expect(effects.crashes).toBeGreaterThanOrEqual(1)
      expect(fleet.deaths.filter((d) => d.cause === 'self')).toHaveLength(effects.crashes)
  }), size(150_000, 1_200_000))

  it('zombies: a worker paused past its lease and resumed after another took over has its late commits rejected', (context) =>
    inScenario('zombie', async (s, track) => {
      const rng = testSeed('zombie', context)
      const saved = await s.save(THREE_EFFECTS)
      const fleet = track(createFleet({ size: size(2, 3), rng, restartMs: [0, 0], config: (i) => s.config(`zombie-${i}`, { leaseMs: LEASE_MS, stepMs: 600 }) }))
      await fleet.start()
      // Work arrives steadily, so the healthy worker has room to take over within the pause.
      const { ids, done } = feed(s.storage, s.tenant, saved, size(30, 300), 4)
      let fed = false
      void done.then(() => (fed = true))
      const pauses: { pid: number; at: number; until: number }[] = []
      const rounds = size(2, 25)
      for (let round = 0; round < rounds && (!fed || (await s.completed(ids)) < ids.length); round++) {
        await sleep(rng.int(300, 1_500))
        const zombie = await fleet.signalRandom('SIGSTOP', (w) => inToolCall(s.ledgerDir, w.pid, 600))
        if (zombie === undefined) continue
        const at = Date.now()
        // Resume it only once another worker has re-run one of its calls in flight (its lease
        // expired and was taken over), however slow the machine is; then its commits are stale.
        const frozen = new Set(readLedger(s.ledgerDir).filter((e) => e.pid === zombie.pid && at - e.at < 600).map((e) => e.key))
        const takenOver = (): boolean => readLedger(s.ledgerDir).some((e) => frozen.has(e.key) && e.pid !== zombie.pid)
        await waitUntil(takenOver, 30_000, 'another worker to take over the paused one').catch(() => undefined)
        await sleep(rng.int(0, 1_000))
        zombie.child.kill('SIGCONT')
        pauses.push({ pid: zombie.pid, at, until: Date.now() })
      }
      await done
      await s.allCompleted(ids, size(60_000, 600_000))
      await sleep(1_000) // late commits of the last zombie arrive (and are refused)
      const survivors = fleet.live.filter((w) => pauses.some((p) => p.pid === w.pid))
      expect(survivors.length, 'a fenced-off zombie survives its LEASE_LOST').toBeGreaterThan(0)
      await fleet.stop()
      const ledger = readLedger(s.ledgerDir)
      await checkInvariants(s.storage, s.tenant, ids, ledger)
      checkSideEffects(ledger, await s.effectKeys(), pauses)
      // Every call a zombie had in flight that another worker re-ran: the committed result is the other's.
      let fenced = 0
      for (const pause of pauses) {
        for (const call of ledger.filter((e) => e.pid === pause.pid && e.at <= pause.at)) {
          const rerun = ledger.find((e) => e.key === call.key && e.at > pause.at && e.pid !== pause.pid)
          if (rerun === undefined) continue
          const [row] = (await s.storage.listSteps(s.tenant, call.executionId)).filter((r) => r.stepId === call.stepId && r.status === 'completed')
          expect((row.output as { pid: number }).pid, `committed result of ${call.key}`).not.toBe(pause.pid)
          fenced += 1
        }
      }
      reportFaults({ scenario: 'zombie', faults: { pause: pauses.length }, executions: ids.length, lost: 0, doubleCommits: 0, notes: `${fenced} zombie results fenced off` })
      expect(fenced).toBeGreaterThanOrEqual(1)
  }), size(120_000, 1_200_000))
})
