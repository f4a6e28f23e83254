/**
 * The storage adapters the abuse tests run against: memory, SQLite (a temporary file) and, with
 * `STEPWISE_PG_URL`, PostgreSQL (a schema of their own, dropped afterwards).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { memoryStorage, type StorageAdapterV1 } from '../../src/index.js'
import { postgresStorage } from '../../src/postgres.js'
import { sqliteStorage } from '../../src/sqlite.js'

/** A named adapter factory; `dispose` removes what it created. */
export interface AdapterCase {
  name: string
  create(): StorageAdapterV1
  /**
   * Everything the last created adapter holds, as text: every row of every table except `skip`
   * for the SQL adapters (read past the adapter), the records of the `default` tenant for memory.
   */
  dump(skip?: readonly string[]): Promise<string>
  dispose(): Promise<void>
}

/** What memory storage holds for the `default` tenant, read through the adapter. */
async function dumpThroughAdapter(storage: StorageAdapterV1): Promise<string> {
  const parts: unknown[] = []
  for (const execution of await storage.listExecutions('default', { limit: 500 })) {
    parts.push(execution, await storage.listSteps('default', execution.id), await storage.readEvents('default', execution.id, 0, 100_000), await storage.listApprovals('default', execution.id))
    parts.push(await storage.getSnapshot('default', execution.workflowHash))
  }
  for (const trigger of await storage.listTriggers('default')) parts.push((await storage.listDeliveries('default', trigger.id, { limit: 200 })).deliveries)
  return JSON.stringify(parts)
}

/** Memory, SQLite and (when configured) PostgreSQL. */
export function adapterCases(): AdapterCase[] {
  const cases: AdapterCase[] = []
  const memory: StorageAdapterV1[] = []
  cases.push({
    name: 'memory',
    create: () => (memory.push(memoryStorage()), memory[memory.length - 1]),
    dump: () => dumpThroughAdapter(memory[memory.length - 1]),
    dispose: async () => undefined,
  })
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-abuse-'))
  const files: StorageAdapterV1[] = []
  cases.push({
    name: 'sqlite',
    create: () => (files.push(sqliteStorage({ path: join(dir, `abuse-${files.length}.db`) })), files[files.length - 1]),
    async dump(skip = []) {
      const db = new Database(join(dir, `abuse-${files.length - 1}.db`), { readonly: true })
      try {
        const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]
        return JSON.stringify(tables.filter((t) => !skip.includes(t.name)).map((t) => db.prepare(`SELECT * FROM "${t.name}"`).all()))
      } finally {
        db.close()
      }
    },
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
      async dump(skip = []) {
        const { storage, schema } = pools[pools.length - 1]
        const pool = (storage as ReturnType<typeof postgresStorage>).pool
        const tables = await pool.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, [schema])
        const rows = []
        for (const { table_name: table } of tables.rows) if (!skip.includes(table)) rows.push((await pool.query(`SELECT * FROM "${schema}"."${table}"`)).rows)
        return JSON.stringify(rows)
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
