/**
 * The storage adapters the abuse tests run against: memory, SQLite (a temporary file) and, with
 * `STEPWISE_PG_URL`, PostgreSQL (a schema of their own, dropped afterwards).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { memoryStorage, type StorageAdapterV1 } from '../../src/index.js'
import { postgresStorage } from '../../src/postgres.js'
import { sqliteStorage } from '../../src/sqlite.js'

/** A named adapter factory; `dispose` removes what it created. */
export interface AdapterCase {
  name: string
  create(): StorageAdapterV1
  dispose(): Promise<void>
}

/** Memory, SQLite and (when configured) PostgreSQL. */
export function adapterCases(): AdapterCase[] {
  const cases: AdapterCase[] = []
  const memory: StorageAdapterV1[] = []
  cases.push({ name: 'memory', create: () => (memory.push(memoryStorage()), memory[memory.length - 1]), dispose: async () => undefined })
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-abuse-'))
  const files: StorageAdapterV1[] = []
  cases.push({
    name: 'sqlite',
    create: () => (files.push(sqliteStorage({ path: join(dir, `abuse-${files.length}.db`) })), files[files.length - 1]),
    dispose: async () => {
      for (const storage of files) await storage.close?.()
      rmSync(dir, { recursive: true, force: true })
    },
  })
  const url = process.env.STEPWISE_PG_URL ?? ''
  if (url !== '') {
    const pools: { storage: StorageAdapterV1; schema: string }[] = []
    cases.push({
      name: 'postgres',
      create: () => {
        const schema = `stepwise_abuse_${randomBytes(4).toString('hex')}`
        pools.push({ storage: postgresStorage({ connectionString: url, schema, max: 4 }), schema })
        return pools[pools.length - 1].storage
      },
      dispose: async () => {
        for (const { storage, schema } of pools) {
          await (storage as ReturnType<typeof postgresStorage>).pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
          await storage.close?.()
        }
      },
    })
  }
  return cases
}
