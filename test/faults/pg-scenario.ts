/**
 * PostgreSQL setup shared by the process fault scenarios: a schema of their own, an effect table,
 * a ledger directory, the 3-tool-step workflow, worker configurations, and waiting for completion.
 * Tests using it skip without `STEPWISE_PG_URL` and fail in CI without it.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { tool } from 'ai'
import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { createEngine } from '../../src/index.js'
import { postgresStorage, type PostgresStorageAdapter } from '../../src/postgres.js'
import { waitUntil } from '../crash/harness.js'
import type { WorkerConfig } from '../crash/worker.js'

/** The PostgreSQL URL of the test cluster, if any. */
export const PG_URL = process.env.STEPWISE_PG_URL ?? ''

/** Warns when PostgreSQL tests are skipped, and fails in CI where they must run. */
export function requirePostgres(file: string): void {
  if (PG_URL === '') console.warn(`${file}: SKIPPED, STEPWISE_PG_URL is not set. Start a cluster: eval "$(scripts/pg-test-cluster.sh start)"`)
  describe(`${file}: PostgreSQL test environment`, () => {
    it.runIf(process.env.CI === 'true')('STEPWISE_PG_URL is set in CI', () => {
      expect(PG_URL, 'CI must run the PostgreSQL fault tests: .ci/run exports STEPWISE_PG_URL').toBeTruthy()
    })
  })
}

/** A workflow of three `effect` tool steps. */
export const THREE_EFFECTS = {
  id: 'faults',
  steps: [
    { id: 'a', type: 'tool', tool: 'effect', arguments: { n: 1 } },
    { id: 'b', type: 'tool', tool: 'effect', arguments: { n: 2 } },
    { id: 'c', type: 'tool', tool: 'effect', arguments: { n: 3 } },
  ],
}

/** One scenario's database objects and files. */
export interface PgScenario {
  url: string
  schema: string
  tenant: string
  storage: PostgresStorageAdapter
  ledgerDir: string
  /** `schema.table` of the key-honouring effect table. */
  effectsTable: string
  /** Saves a definition (the `effect` tool is known) and returns its pinned version. */
  save(definition: unknown): Promise<{ id: string; version: number; hash: string }>
  /** A worker configuration for this scenario. */
  config(instanceId: string, extra?: Partial<WorkerConfig>): WorkerConfig
  /** Keys in the effect table. */
  effectKeys(): Promise<string[]>
  /** Waits until every execution of `ids` is completed. */
  allCompleted(ids: readonly string[], timeoutMs: number): Promise<void>
  /** How many of `ids` are completed. */
  completed(ids: readonly string[]): Promise<number>
  /** Closes the adapter, drops the schema, removes the files. */
  dispose(): Promise<void>
}

/** Creates a scenario on `url` (a fresh schema, migrated, with an effect table). */
export async function pgScenario(name: string, url: string = PG_URL): Promise<PgScenario> {
  const schema = `stepwise_faults_${name}_${randomBytes(3).toString('hex')}`
  const dir = mkdtempSync(join(tmpdir(), `stepwise-faults-${name}-`))
  const storage = postgresStorage({ connectionString: url, schema, max: 4 })
  await storage.migrate()
  const effectsTable = `"${schema}".fault_effects`
  await storage.pool.query(`CREATE TABLE ${effectsTable} (key text PRIMARY KEY, pid integer NOT NULL, at bigint NOT NULL)`)
  const tenant = `tenant-${name}`
  const effect = tool({ inputSchema: z.object({ n: z.number().optional() }), execute: async () => null })
  const completed = async (ids: readonly string[]): Promise<number> => {
    const wanted = new Set(ids)
    const { rows } = await storage.pool.query<{ id: string }>(`SELECT id FROM "${schema}".stepwise_executions WHERE tenant_id = $1 AND status = 'completed'`, [tenant])
    return rows.filter((row) => wanted.has(row.id)).length
  }
  return {
    url,
    schema,
    tenant,
    storage,
    ledgerDir: join(dir, 'ledger'),
    effectsTable,
    save: (definition) => createEngine({ storage, tools: { effect }, tenantId: tenant }).workflows.save(definition),
    config: (instanceId, extra = {}) => ({
      kind: 'postgres',
      url,
      schema,
      instanceId,
      tenantId: tenant,
      leaseMs: 2_000,
      pollMs: 200,
      concurrency: 4,
      ledgerDir: join(dir, 'ledger'),
      stepMs: 150,
      effectsTable,
      ...extra,
    }),
    async effectKeys() {
      const { rows } = await storage.pool.query<{ key: string }>(`SELECT key FROM ${effectsTable}`)
      return rows.map((row) => row.key)
    },
    completed,
    allCompleted: (ids, timeoutMs) => waitUntil(async () => (await completed(ids)) === ids.length, timeoutMs, `${ids.length} executions to complete`),
    async dispose() {
      await storage.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined)
      await storage.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
