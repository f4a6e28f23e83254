/**
 * Exactly-once triggers on PostgreSQL: two engine instances, each with its own pool on one schema.
 * Needs `STEPWISE_PG_URL` (`eval "$(scripts/pg-test-cluster.sh start)"`); fails in CI without it.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../src/index.js'
import { postgresStorage, type PostgresStorageAdapter } from '../../src/postgres.js'
import { createTestClock, type TestClock } from '../../src/testing/index.js'
import { ECHO, githubSignature, ticksRun, webhookRequest } from './trigger-helpers.js'

const url = process.env.STEPWISE_PG_URL
if (url === undefined || url === '') {
  console.warn('postgres-exactly-once.test.ts: SKIPPED, STEPWISE_PG_URL is not set. Start a cluster: eval "$(scripts/pg-test-cluster.sh start)"')
}

describe('PostgreSQL trigger test environment', () => {
  it.runIf(process.env.CI === 'true')('STEPWISE_PG_URL is set in CI', () => {
    expect(url, 'CI must run the PostgreSQL tests: .ci/run exports STEPWISE_PG_URL').toBeTruthy()
  })
})

describe.skipIf(url === undefined || url === '')('exactly-once triggers on PostgreSQL (two engine instances, one schema)', () => {
  const run = randomBytes(4).toString('hex')
  const schemas: string[] = []
  const opened: { engines: Engine[]; adapters: PostgresStorageAdapter[] } = { engines: [], adapters: [] }

  /** Two engine instances, each with its own pool on a fresh schema. */
  function twoInstances(clock: TestClock): [Engine, Engine] {
    const schema = `stepwise_trg_${run}_${schemas.length + 1}`
    schemas.push(schema)
    const adapters = [0, 1].map(() => postgresStorage({ connectionString: url as string, schema, max: 4 }))
    const engines = adapters.map((storage, i) => createEngine({ storage, clock, instanceId: `instance-${i}` })) as [Engine, Engine]
    opened.adapters.push(...adapters)
    opened.engines.push(...engines)
    return engines
  }

  afterEach(async () => {
    for (const engine of opened.engines.splice(0)) await engine.close({ graceMs: 1000 })
    for (const adapter of opened.adapters.splice(0)) await adapter.close()
  })

  afterAll(async () => {
    const admin = new pg.Pool({ connectionString: url, max: 1 })
    for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await admin.end()
  })

  it('concurrent ticks of both instances start exactly one execution per schedule tick', async () => {
    const clock = createTestClock('2026-01-01T00:00:00.000Z')
    const [a, b] = twoInstances(clock)
    await a.workflows.save(ECHO)
    const trigger = await a.triggers.save({ name: 'every minute', type: 'schedule', workflowId: 'echo', config: { cron: '* * * * *' } })
    for (let minute = 1; minute <= 3; minute++) {
      clock.set(Date.parse('2026-01-01T00:00:00.000Z') + minute * 60_000 + 1_000)
      await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).tick()))
    }
    expect(await ticksRun(b)).toEqual(['2026-01-01T00:01:00.000Z', '2026-01-01T00:02:00.000Z', '2026-01-01T00:03:00.000Z'])
    expect((await a.triggers.deliveries(trigger.id)).deliveries.map((d) => d.outcome)).toEqual(['matched', 'matched', 'matched'])
    expect((await b.triggers.get(trigger.id)).scheduledThrough).toBe('2026-01-01T00:03:00.000Z')
  })

  it('10 identical webhook deliveries split across both instances: one 202, nine 200', async () => {
    const clock = createTestClock('2026-01-01T00:00:00.000Z')
    const [a, b] = twoInstances(clock)
    await a.workflows.save(ECHO)
    await b.triggers.save({ name: 'gh', type: 'webhook', workflowId: 'echo', config: { path: 'gh', secret: 'k' } })
    const payload = JSON.stringify({ action: 'opened' })
    const headers = { 'X-Hub-Signature-256': githubSignature('k', payload), 'X-GitHub-Delivery': 'delivery-1' }
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).handleWebhook(webhookRequest('gh', payload, headers))))
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 202])
    const ids = new Set(await Promise.all(responses.map(async (r) => ((await r.json()) as { executionId: string }).executionId)))
    expect(ids.size).toBe(1)
    expect(await a.executions.list({ workflowId: 'echo' })).toHaveLength(1)
  })
})
