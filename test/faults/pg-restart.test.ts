/**
 * PostgreSQL restarted under load: worker processes (two; three in the long form) run executions while the database is
 * stopped (cleanly, or `immediate`: like a crash, with recovery on start) and started again every
 * few seconds. The workers must ride it out — no process dies, every execution completes, the
 * invariants hold. Uses a private cluster (pg-cluster.ts); skips when PostgreSQL is not installed
 * locally or `STEPWISE_PG_URL` is unset.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkInvariants, enqueue, readLedger } from '../crash/harness.js'
import { reportFaults, size, sleep, testSeed } from './fault-config.js'
import { createFleet, type Fleet } from './fleet.js'
import { checkSideEffects } from './ledger-checks.js'
import { startPrivateCluster, type PrivateCluster } from './pg-cluster.js'
import { PG_URL, pgScenario, THREE_EFFECTS, type PgScenario } from './pg-scenario.js'

describe.skipIf(PG_URL === '')('PostgreSQL restarted under load', () => {
  let cluster: PrivateCluster | undefined
  let scenario: PgScenario | undefined
  let fleet: Fleet | undefined
  beforeAll(async () => {
    cluster = await startPrivateCluster()
    if (cluster === undefined) console.warn('pg-restart.test.ts: SKIPPED, PostgreSQL is not installed locally (no pg_ctl to restart it with)')
  }, 60_000)
  afterAll(async () => {
    await fleet?.stop()
    await scenario?.dispose().catch(() => undefined)
    await cluster?.dispose()
  }, 60_000)

  it('workers reconnect after every restart: nothing lost, no worker died, one result and one effect per step', async (context) => {
    if (cluster === undefined) return context.skip()
    const db = cluster
    const rng = testSeed('pg-restart')
    const s = (scenario = await pgScenario('restart', db.url))
    const saved = await s.save(THREE_EFFECTS)
    fleet = createFleet({ size: size(2, 3), rng, restartMs: [0, 0], config: (i) => s.config(`restart-${i}`, { leaseMs: 2_000, pollMs: 200, stepMs: 100 }) })
    await fleet.start()
    const ids = await enqueue(s.storage, s.tenant, saved, size(60, 1_500))
    const completed = async (): Promise<number> => s.completed(ids).catch(() => 0) // the database may be down
    const restarts: { mode: string; downMs: number }[] = []
    const restartUntil = Date.now() + size(45_000, 900_000)
    while ((restarts.length < 2 || (await completed()) < ids.length) && Date.now() < restartUntil) {
      await sleep(rng.int(size(500, 3_000), size(1_500, 10_000)))
      const mode = rng.pick(['fast', 'immediate'] as const)
      await db.stop(mode)
      const downMs = rng.int(200, size(1_000, 3_000))
      await sleep(downMs)
      await db.start()
      restarts.push({ mode, downMs })
    }
    await s.allCompleted(ids, 90_000).catch(() => undefined) // the invariants below name what did not
    expect(fleet.deaths, 'worker processes that died').toEqual([])
    await fleet.stop()
    const ledger = readLedger(s.ledgerDir)
    await checkInvariants(s.storage, s.tenant, ids, ledger)
    const effects = checkSideEffects(ledger, await s.effectKeys(), [])
    reportFaults({
      scenario: 'pg-restart',
      faults: { 'pg-restart': restarts.length },
      executions: ids.length,
      lost: 0,
      doubleCommits: 0,
      notes: `${restarts.filter((r) => r.mode === 'immediate').length} immediate; ${effects.reruns} step re-runs`,
    })
    expect(restarts.length).toBeGreaterThanOrEqual(2)
  }, size(180_000, 1_200_000))
})
