/**
 * Durable storage benchmark. Run with `node --import tsx bench/storage.ts`
 * (PostgreSQL rows need `STEPWISE_PG_URL`; see docs/storage-and-scaling.md).
 *
 * (a) SQLite: durable steps/s in one process: trivial tool steps, each step's start and result
 *     committed before the next step starts (WAL, synchronous=NORMAL: the adapter's defaults).
 * (b) SQLite: bytes written per step for a 10-step and a 1,000-step execution whose steps each
 *     return 10 KB: WAL bytes per step (auto-checkpoint off) and bytes handed to commit() per step,
 *     up to the commit that settles the execution (shown apart: it carries the outputs map).
 *     Flat = writes follow the step's own data, not the execution's history.
 * (c) PostgreSQL: steps/s with 4 worker processes (executions queued in the database, workers
 *     woken by LISTEN/NOTIFY), and claim-to-start latency: from the commit that makes an
 *     execution claimable to its `execution.started` event, with idle workers (p50/p99).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { randomBytes } from 'node:crypto'
import { jsonSchema, tool } from 'ai'
import pg from 'pg'
import { createEngine, type StorageAdapterV1, type StoredExecution } from '../src/index.js'
import { sqliteStorage } from '../src/sqlite.js'
import { postgresStorage } from '../src/postgres.js'

const rows: string[][] = [['measure', 'value', 'target / note']]
const dir = mkdtempSync(join(tmpdir(), 'stepwise-bench-storage-'))
const inc = tool({ inputSchema: jsonSchema<{ n: number }>({ type: 'object' }), execute: async ({ n }) => n + 1 })
const big = tool({ inputSchema: jsonSchema<Record<string, never>>({ type: 'object' }), execute: async () => 'x'.repeat(10_240) })
const chain = (id: string, n: number, name = 'inc') => ({
  id,
  limits: { maxSteps: n + 10, maxStateBytes: 64 * 1024 * 1024 },
  steps: Array.from({ length: n }, (_, i) => ({ id: `s${i}`, type: 'tool', tool: name, arguments: name === 'inc' ? { n: i } : {} })),
})
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
const percentile = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]

async function sqliteThroughput(): Promise<void> {
  const storage = sqliteStorage({ path: join(dir, 'throughput.db') })
  const engine = createEngine({ storage, tools: { inc } })
  const workflow = chain('throughput', 100)
  await engine.workflows.save(workflow)
  for (let i = 0; i < 5; i++) await engine.run('throughput') // warm-up
  const runs = 60
  const started = performance.now()
  for (let i = 0; i < runs; i++) await engine.run('throughput')
  const seconds = (performance.now() - started) / 1000
  rows.push(['SQLite durable steps/s, 1 process (100-step runs)', fmt((runs * 100) / seconds), '≥ 5,000'])
  await engine.close()
  storage.close()
}

/**
 * Wraps an adapter to count the JSON bytes of every commit batch, and to call `beforeFinal`
 * just before the commit that settles the execution (so the step commits can be told apart).
 */
function counting(storage: StorageAdapterV1, beforeFinal: () => void): { storage: StorageAdapterV1; sizes: number[] } {
  const sizes: number[] = []
  const commit: StorageAdapterV1['commit'] = (tenantId, executionId, fence, batch) => {
    if (batch.execution?.status === 'completed') beforeFinal()
    sizes.push(JSON.stringify(batch).length)
    return storage.commit(tenantId, executionId, fence, batch)
  }
  const wrapped = new Proxy(storage, {
    get(target, prop) {
      if (prop === 'commit') return commit
      const value = Reflect.get(target, prop, target) as unknown
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  })
  return { storage: wrapped, sizes }
}

async function sqliteBytes(): Promise<void> {
  for (const steps of [10, 1_000]) {
    const path = join(dir, `bytes-${steps}.db`)
    const sqlite = sqliteStorage({ path })
    let walBeforeFinal = 0
    const { storage, sizes } = counting(sqlite, () => (walBeforeFinal = statSync(`${path}-wal`).size))
    const engine = createEngine({ storage, tools: { big } })
    const workflow = chain(`bytes-${steps}`, steps, 'big')
    await engine.workflows.save(workflow)
    sqlite.database.pragma('wal_autocheckpoint = 0')
    sqlite.database.pragma('wal_checkpoint(TRUNCATE)')
    const execution = await engine.run(`bytes-${steps}`)
    if (execution.status !== 'completed') throw new Error(`bytes run ${steps}: ${execution.status} ${JSON.stringify(execution.error)}`)
    const final = sizes[sizes.length - 1]
    const stepBytes = sizes.slice(1, -1).reduce((a, b) => a + b, 0)
    rows.push([
      `SQLite bytes/step, ${fmt(steps)}-step run, 10 KB output each`,
      `WAL ${fmt(walBeforeFinal / steps)} · commit() ${fmt(stepBytes / steps)}`,
      'flat from 10 to 1,000 steps (row + step.completed event)',
    ])
    rows.push([
      `  final commit of that run (outputs map ×2)`,
      `commit() ${fmt(final)}`,
      'execution outputs + execution.completed event',
    ])
    await engine.close()
    sqlite.close()
  }
}

function spawnWorker(args: string[]): Promise<ChildProcess> {
  const script = fileURLToPath(new URL('./storage-pg-worker.ts', import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve(child))
    child.once('exit', (code) => reject(new Error(`bench worker exited (${code})`)))
  })
}

async function enqueue(storage: StorageAdapterV1, saved: { id: string; hash: string; version: number }): Promise<string> {
  const record: StoredExecution = {
    id: `bench-${randomBytes(8).toString('hex')}`,
    tenantId: 'default',
    workflowId: saved.id,
    workflowVersion: saved.version,
    workflowHash: saved.hash,
    status: 'pending',
    variables: {},
    outputs: {},
    startedAt: new Date().toISOString(),
    lastSeq: 0,
    fence: 0,
  }
  return (await storage.createExecution('default', record)).execution.id
}

/** Waits until `count` executions are completed (a cheap count, so polling costs the workers nothing). */
async function waitAll(admin: pg.Pool, schema: string, count: number): Promise<void> {
  for (;;) {
    const { rows } = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".stepwise_executions WHERE status = 'completed'`)
    if (rows[0].n >= count) return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

async function postgres(url: string): Promise<void> {
  const schema = `stepwise_bench_${randomBytes(4).toString('hex')}`
  const storage = postgresStorage({ connectionString: url, schema, max: 8 })
  await storage.migrate()
  const workers: ChildProcess[] = []
  const admin = new pg.Pool({ connectionString: url, max: 1 })
  try {
    for (let i = 0; i < 4; i++) workers.push(await spawnWorker([url, schema, `bench-${i}`, '8']))
    const saver = createEngine({ storage, tools: { inc } })
    const steps = 20
    const saved = await saver.workflows.save(chain('pg-throughput', steps))
    // Warm-up, then the measured batch (queued at once; the workers share it).
    for (let i = 0; i < 40; i++) await enqueue(storage, saved)
    await waitAll(admin, schema, 40)
    const executions = 400
    const started = performance.now()
    await Promise.all(Array.from({ length: executions }, () => enqueue(storage, saved)))
    await waitAll(admin, schema, 40 + executions)
    const seconds = (performance.now() - started) / 1000
    rows.push(['PostgreSQL durable steps/s, 4 worker processes', fmt((executions * steps) / seconds), '≥ 1,000'])

    // Claim-to-start: one execution at a time into idle workers.
    const short = await saver.workflows.save(chain('pg-latency', 1))
    const latencies: number[] = []
    for (let i = 0; i < 100; i++) {
      const at = Date.now()
      const id = await enqueue(storage, short)
      for (;;) {
        const [first] = await storage.readEvents('default', id, 0, 1)
        if (first !== undefined) {
          latencies.push(Date.parse(first.at) - at)
          break
        }
        await new Promise((resolve) => setTimeout(resolve, 2))
      }
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    rows.push(['PostgreSQL claim-to-start p50 / p99 (ms), idle workers', `${percentile(latencies, 50)} / ${percentile(latencies, 99)}`, 'p99 < 50 ms'])
  } finally {
    await Promise.all(workers.map((w) => new Promise((resolve) => (w.once('exit', resolve), w.kill('SIGTERM')))))
    await storage.close()
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await admin.end()
  }
}

try {
  if (process.env.BENCH_ONLY_PG !== '1') {
    await sqliteThroughput()
    await sqliteBytes()
  }
  const url = process.env.STEPWISE_PG_URL
  if (url !== undefined && url !== '') await postgres(url)
  else rows.push(['PostgreSQL rows', 'skipped', 'set STEPWISE_PG_URL'])
} finally {
  rmSync(dir, { recursive: true, force: true })
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)))
for (const [i, row] of rows.entries()) {
  console.log(`| ${row.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`)
  if (i === 0) console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`)
}
console.log(`\nNode ${process.version}, ${process.platform}/${process.arch}, ${(await import('node:os')).cpus().length} cores.`)
