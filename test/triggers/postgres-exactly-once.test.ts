/**
 * Exactly-once triggers on PostgreSQL: two engine instances, each with its own pool on one schema.
 * Needs `STEPWISE_PG_URL` (`eval "$(scripts/pg-test-cluster.sh start)"`); fails in CI without it.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../src/index.js'
import { postgresStorage, type PostgresStorageAdapter } from '../../src/postgres.js'
import type { TestClock } from '../../src/testing/index.js'
import { exactlyOnceCases } from './exactly-once-cases.js'

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

  exactlyOnceCases(twoInstances)
})
