/**
 * Crash-test worker (a real process, killed with SIGKILL by the tests). Argument: a JSON
 * {@link WorkerConfig}. Runs an engine on SQLite or PostgreSQL whose `effect` tool appends its
 * call (idempotency key, step, attempt, pid) to this process's ledger file BEFORE sleeping, so a
 * kill mid-step leaves the evidence of a side effect whose result was never committed. The fault
 * suite (test/faults) adds a key-honouring effect table and crashes right after an effect.
 * Prints `ready` once the worker runs; SIGTERM stops it gracefully.
 */
import { appendFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { tool } from 'ai'
import { z } from 'zod'
import { createEngine, type StorageAdapterV1 } from '../../src/index.js'
import { sqliteStorage } from '../../src/sqlite.js'
import { postgresStorage } from '../../src/postgres.js'
import pg from 'pg'
import { createRng } from '../faults/rng.js'

/** Configuration passed by the test as argv[2]. */
export interface WorkerConfig {
  kind: 'sqlite' | 'postgres'
  /** SQLite file. */
  path?: string
  /** PostgreSQL URL and schema. */
  url?: string
  schema?: string
  instanceId: string
  /** Tenant the worker serves (default `default`). */
  tenantId?: string
  leaseMs: number
  pollMs: number
  concurrency: number
  ledgerDir: string
  /** How long the `effect` tool sleeps after recording its call. */
  stepMs: number
  /** Start this many executions of `workflow` from this process before working (SQLite scenario). */
  start?: { count: number; workflow: Record<string, unknown> }
  /**
   * PostgreSQL only: a table (`schema.table`, created by the test with a primary key `key`) where
   * the `effect` tool applies its effect once per idempotency key (`INSERT … ON CONFLICT DO NOTHING`),
   * as a tool that honours the key would.
   */
  effectsTable?: string
  /** Probability that the process SIGKILLs itself right after an effect, before its result is committed. */
  crashAfterEffect?: number
  /** Seed of the crash decisions (combined with the pid). */
  seed?: number
}

/** One line of a ledger file. */
export interface LedgerEntry {
  key: string
  executionId: string
  stepId: string
  iterationPath: string
  attempt: number
  pid: number
  instanceId: string
  at: number
  /** With `effectsTable`: whether this call applied the effect (false: the key had it already). */
  applied?: boolean
  /** The process killed itself right after this call's effect. */
  crash?: boolean
}

const config = JSON.parse(process.argv[2]) as WorkerConfig
const ledger = join(config.ledgerDir, `${process.pid}.jsonl`)
mkdirSync(config.ledgerDir, { recursive: true })
const effects = config.effectsTable === undefined ? undefined : new pg.Pool({ connectionString: config.url, max: 2 })
effects?.on('error', () => undefined)
const rng = createRng((config.seed ?? 0) ^ process.pid)

const effect = tool({
  description: 'records a side effect with its idempotency key, then takes a while',
  inputSchema: z.object({ n: z.number().optional() }),
  execute: async (_input, options) => {
    const ctx = options.experimental_context as { idempotencyKey: string; executionId: string; stepId: string; iterationPath: string; attempt: number }
    const entry: LedgerEntry = {
      key: ctx.idempotencyKey,
      executionId: ctx.executionId,
      stepId: ctx.stepId,
      iterationPath: ctx.iterationPath,
      attempt: ctx.attempt,
      pid: process.pid,
      instanceId: config.instanceId,
      at: Date.now(),
    }
    // Like a provider client with retries: the effect is applied once the database answers (it may be restarting).
    for (let retry = 0; effects !== undefined; retry++) {
      try {
        const inserted = await effects.query(`INSERT INTO ${config.effectsTable} (key, pid, at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING`, [ctx.idempotencyKey, process.pid, entry.at])
        entry.applied = inserted.rowCount === 1
        break
      } catch (error) {
        if (retry >= 100 || options.abortSignal?.aborted === true) throw error
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
    }
    if (config.crashAfterEffect !== undefined && rng.next() < config.crashAfterEffect) entry.crash = true
    appendFileSync(ledger, `${JSON.stringify(entry)}\n`)
    if (entry.crash === true) process.kill(process.pid, 'SIGKILL') // effect done, result never committed
    await new Promise((resolve) => setTimeout(resolve, config.stepMs))
    return { key: ctx.idempotencyKey, pid: process.pid }
  },
})

const storage: StorageAdapterV1 =
  config.kind === 'sqlite'
    ? sqliteStorage({ path: config.path as string, busyTimeoutMs: 10_000 })
    : postgresStorage({ connectionString: config.url as string, schema: config.schema, max: 4 })
const engine = createEngine({
  storage,
  tools: { effect },
  leaseMs: config.leaseMs,
  instanceId: config.instanceId,
  concurrency: config.concurrency,
  tenantId: config.tenantId ?? 'default',
})

if (config.start !== undefined) {
  for (let i = 0; i < config.start.count; i++) await engine.start(config.start.workflow)
}
const worker = engine.startWorker({ pollMs: config.pollMs })
// The engine's timers do not hold the process open; a worker runs until it is stopped or killed.
const keepAlive = setInterval(() => undefined, 60_000)
process.stdout.write('ready\n')

process.on('SIGTERM', () => {
  void (async () => {
    await worker.stop()
    await engine.close({ graceMs: 100 })
    await storage.close?.()
    await effects?.end()
    clearInterval(keepAlive)
    process.exit(0)
  })()
})
