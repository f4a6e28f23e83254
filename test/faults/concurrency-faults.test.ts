/**
 * Concurrency faults (concurrency-cases.ts) on memory storage (instances share one adapter in this
 * process) and on PostgreSQL (each instance has its own pool on one schema).
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, afterEach, describe } from 'vitest'
import { createEngine, memoryStorage, type Engine } from '../../src/index.js'
import { postgresStorage, type PostgresStorageAdapter } from '../../src/postgres.js'
import { concurrencyFaultCases } from './concurrency-cases.js'
import { PG_URL } from './pg-scenario.js'

const opened: Engine[] = []
const adapters: PostgresStorageAdapter[] = []
afterEach(async () => {
  for (const engine of opened.splice(0)) await engine.close({ graceMs: 1_000 })
  for (const adapter of adapters.splice(0)) await adapter.close()
})

describe('concurrency faults: memory storage', () => {
  concurrencyFaultCases('memory', (clocks, tenantId) => {
    const storage = memoryStorage()
    const engines = clocks.map((clock, i) => createEngine({ storage, clock, tenantId, instanceId: `memory-${i}` }))
    opened.push(...engines)
    return { engines, storage }
  })
})

describe.skipIf(PG_URL === '')('concurrency faults: PostgreSQL', () => {
  const schema = `stepwise_faults_conc_${randomBytes(3).toString('hex')}`
  afterAll(async () => {
    const admin = new pg.Pool({ connectionString: PG_URL, max: 1 })
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await admin.end()
  })
  concurrencyFaultCases('postgres', (clocks, tenantId) => {
    const own = clocks.map(() => postgresStorage({ connectionString: PG_URL, schema, max: 4 }))
    adapters.push(...own)
    const engines = clocks.map((clock, i) => createEngine({ storage: own[i], clock, tenantId, instanceId: `postgres-${i}` }))
    opened.push(...engines)
    return { engines, storage: own[0] }
  })
})
