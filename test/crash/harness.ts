/** Helpers of the crash tests: spawn and kill worker processes, read ledgers, check invariants. */
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { expect } from 'vitest'
import type { StorageAdapterV1, StoredExecution } from '../../src/index.js'
import { checkExecutions } from '../faults/invariants.js'
import type { LedgerEntry, WorkerConfig } from './worker.js'

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url))
const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** A running worker process. */
export interface WorkerProcess {
  child: ChildProcess
  pid: number
  instanceId: string
  /** What the process wrote to stderr (shown when a test fails). */
  stderr: () => string
  /** Resolves when the process has exited. */
  exited: Promise<void>
}

let bundled: Promise<string> | undefined

/**
 * The worker script bundled into one file (`.tmp/crash-worker-<hash>.mjs`, packages left
 * external): a process starts in under a second instead of ~2.5 s of tsx compiling the sources
 * file by file, which matters for tests that start dozens. Built once per test process; the file
 * name is the content hash, so concurrent test files share it safely.
 */
function workerScript(): Promise<string> {
  bundled ??= (async () => {
    const result = await build({ entryPoints: [WORKER], bundle: true, platform: 'node', format: 'esm', packages: 'external', write: false, logLevel: 'warning' })
    const code = result.outputFiles[0].contents
    const file = join(ROOT, '.tmp', `crash-worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`)
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true })
      const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`
      writeFileSync(partial, code)
      renameSync(partial, file)
    }
    return file
  })()
  return bundled
}

/** Spawns the worker (test/crash/worker.ts, bundled) with `<config>` and waits for its `ready` line. */
export async function spawnWorker(config: WorkerConfig): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [await workerScript(), JSON.stringify(config)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  await new Promise<void>((resolve, reject) => {
    let stdout = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      if (stdout.includes('ready')) resolve()
    })
    child.once('exit', (code) => reject(new Error(`worker ${config.instanceId} exited (${code}) before it was ready:\n${stderr}`)))
  })
  return { child, pid: child.pid as number, instanceId: config.instanceId, stderr: () => stderr, exited }
}

/** SIGKILL: no cleanup, no lease release, the step in flight never commits. */
export async function killHard(worker: WorkerProcess): Promise<void> {
  worker.child.kill('SIGKILL')
  await worker.exited
}

/** SIGTERM: the worker stops polling and closes its engine. */
export async function stopGracefully(worker: WorkerProcess): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return
  worker.child.kill('SIGTERM')
  await worker.exited
}

/** Every ledger entry written so far by every process. */
export function readLedger(dir: string): LedgerEntry[] {
  if (!existsSync(dir)) return []
  const entries: LedgerEntry[] = []
  for (const file of readdirSync(dir)) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) if (line !== '') entries.push(JSON.parse(line) as LedgerEntry)
  }
  return entries.sort((a, b) => a.at - b.at)
}

/**
 * Orphan pickup times: for every process death, the time until each step instance the dead process
 * had called was called again, by another process (a re-run after its lease expired).
 */
export function orphanPickups(ledger: readonly LedgerEntry[], deaths: readonly { at: number; pid: number }[]): number[] {
  const pickups: number[] = []
  for (const death of deaths) {
    for (const entry of ledger) {
      if (entry.pid !== death.pid || entry.at > death.at) continue
      const again = ledger.find((e) => e.key === entry.key && e.at > death.at)
      if (again === undefined) continue
      expect(again.pid, `re-run of ${entry.key} after the death of ${death.pid}`).not.toBe(death.pid)
      pickups.push(again.at - death.at)
    }
  }
  return pickups
}

/** Whether a process is inside a tool call: its latest ledger entry is younger than `stepMs` (the tool's sleep). */
export function inToolCall(ledgerDir: string, pid: number, stepMs: number): boolean {
  const file = join(ledgerDir, `${pid}.jsonl`)
  if (!existsSync(file)) return false
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n')
  const last = lines.at(-1)
  return last !== undefined && last !== '' && Date.now() - (JSON.parse(last) as LedgerEntry).at < stepMs * 0.8
}

/** Polls `check` until it returns true. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** Creates `count` pending executions directly in storage (a queue: no process drives them yet). */
export async function enqueue(storage: StorageAdapterV1, tenantId: string, workflow: { id: string; hash: string; version: number }, count: number): Promise<string[]> {
  const ids: string[] = []
  const base = Date.now() - count // distinct start times, oldest first (listExecutions pages by them)
  for (let i = 0; i < count; i++) {
    const record: StoredExecution = {
      id: `crash-${workflow.id}-${i}-${Math.random().toString(36).slice(2, 8)}`,
      tenantId,
      workflowId: workflow.id,
      workflowVersion: workflow.version,
      workflowHash: workflow.hash,
      status: 'pending',
      variables: {},
      outputs: {},
      startedAt: new Date(base + i).toISOString(),
      lastSeq: 0,
      fence: 0,
    }
    ids.push((await storage.createExecution(tenantId, record)).execution.id)
  }
  return ids
}

/**
 * Creates `total` executions over time instead of all at once: a chunk whenever fewer than
 * `backlog` are pending, like work arriving steadily. `ids` fills as they are created.
 */
export function feed(
  storage: StorageAdapterV1,
  tenantId: string,
  workflow: { id: string; hash: string; version: number },
  total: number,
  backlog: number,
): { ids: string[]; done: Promise<void> } {
  const ids: string[] = []
  const done = (async () => {
    while (ids.length < total) {
      const pending = (await storage.listExecutions(tenantId, { status: 'pending', limit: backlog })).length
      if (pending < backlog) ids.push(...(await enqueue(storage, tenantId, workflow, Math.min(backlog - pending, total - ids.length))))
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  })()
  return { ids, done }
}

/**
 * The crash invariants, for every execution: it is `completed` (none lost); every step
 * instance has exactly one committed result (one completed row, one `step.completed` event;
 * the whole list is in test/faults/invariants.ts); every call of a step instance, first run and
 * re-runs alike, carried the same idempotency key (`executionId:stepId:iterationPath`), and the
 * committed output is the result of one of those calls. Returns how many step instances were called, and how many of them more than once.
 */
export async function checkInvariants(
  storage: StorageAdapterV1,
  tenantId: string,
  ids: readonly string[],
  ledger: readonly LedgerEntry[],
): Promise<{ instances: number; rerun: number }> {
  const keysByInstance = new Map<string, Set<string>>()
  const calls = new Map<string, number>()
  for (const entry of ledger) {
    const instance = `${entry.executionId}|${entry.stepId}|${entry.iterationPath}`
    if (!keysByInstance.has(instance)) keysByInstance.set(instance, new Set())
    keysByInstance.get(instance)?.add(entry.key)
    calls.set(instance, (calls.get(instance) ?? 0) + 1)
  }
  for (const [instance, keys] of keysByInstance) {
    expect([...keys], `idempotency keys of ${instance}`).toHaveLength(1)
    expect([...keys][0]).toBe(instance.replace(/\|/g, ':'))
  }
  const allKeys = [...keysByInstance.values()].map((keys) => [...keys][0])
  expect(new Set(allKeys).size, 'distinct step instances have distinct keys').toBe(allKeys.length)

  await checkExecutions(storage, tenantId, ids, { completed: ids.length })
  for (const id of ids) {
    for (const row of await storage.listSteps(tenantId, id)) {
      if (row.status !== 'completed' || row.stepType !== 'tool') continue
      const instance = `${id}|${row.stepId}|${row.iterationPath}`
      expect(keysByInstance.get(instance)?.has((row.output as { key: string }).key), `committed output of ${instance} comes from a recorded call`).toBe(true)
    }
  }
  return { instances: calls.size, rerun: [...calls.values()].filter((n) => n > 1).length }
}
