/**
 * The invariants checked after every fault scenario, on any storage adapter:
 *
 * - I1 every execution is terminal or waiting (none lost, none stuck running);
 * - I2 no step instance `(executionId, stepId, iterationPath)` has two committed results (rows or
 *   `step.completed` events), and a settled execution has no step row left running;
 * - events are gap-free from seq 1, end with exactly one terminal event matching the status;
 * - counts reconcile: the storage lists exactly the executions the scenario created (no
 *   duplicate, none missing), and, when the scenario knows them, the final counts per status.
 *
 * Side effects per idempotency key (I3) are checked by the scenarios that own a ledger.
 */
import { expect } from 'vitest'
import type { ExecutionStatus, StepwiseEvent, StorageAdapterV1 } from '../../src/index.js'

const TERMINAL = new Set<string>(['completed', 'failed', 'cancelled'])
const TERMINAL_EVENT: Record<string, string> = { completed: 'execution.completed', failed: 'execution.failed', cancelled: 'execution.cancelled' }

/** What {@link checkExecutions} found. */
export interface InvariantSummary {
  /** Executions checked. */
  executions: number
  /** How many ended in each status. */
  byStatus: Partial<Record<ExecutionStatus, number>>
  /** Step instances with a committed result. */
  committed: number
  /** Executions neither terminal nor waiting (the test fails unless 0). */
  lost: number
  /** Step instances with two committed results (the test fails unless 0). */
  doubleCommits: number
}

/** Every execution of a tenant (pages through `listExecutions` by `startedAt`). */
export async function allExecutionIds(storage: StorageAdapterV1, tenantId: string): Promise<string[]> {
  const ids = new Set<string>()
  let before: string | undefined
  for (;;) {
    const page = await storage.listExecutions(tenantId, before === undefined ? { limit: 500 } : { limit: 500, before })
    for (const execution of page) ids.add(execution.id)
    if (page.length < 500) break
    const oldest = page[page.length - 1].startedAt
    // Rows sharing the oldest timestamp are read again on the next page (a Set dedups them).
    before = new Date(Date.parse(oldest) + 1).toISOString()
    if (page.every((e) => e.startedAt === oldest)) throw new Error('more than 500 executions share one startedAt; cannot page')
  }
  return [...ids]
}

/**
 * Checks I1, I2, event order and reconciliation for `ids`, the executions the scenario created.
 * `expected` pins the final status counts when the scenario knows them. `allowRunning` is for the
 * model-based test, whose sequences may end while a tool call is still running (its count is pinned).
 */
export async function checkExecutions(
  storage: StorageAdapterV1,
  tenantId: string,
  ids: readonly string[],
  expected?: Partial<Record<ExecutionStatus, number>>,
  options: { allowRunning?: boolean } = {},
): Promise<InvariantSummary> {
  const summary: InvariantSummary = { executions: ids.length, byStatus: {}, committed: 0, lost: 0, doubleCommits: 0 }
  const problems: string[] = []
  for (const id of ids) {
    const execution = await storage.getExecution(tenantId, id)
    if (execution === undefined) {
      summary.lost += 1
      problems.push(`${id}: missing`)
      continue
    }
    summary.byStatus[execution.status] = (summary.byStatus[execution.status] ?? 0) + 1
    const settled = TERMINAL.has(execution.status)
    if (!settled && execution.status !== 'waiting' && !(options.allowRunning === true && execution.status === 'running')) {
      summary.lost += 1
      problems.push(`${id}: ${execution.status}`)
    }
    const events: StepwiseEvent[] = await storage.readEvents(tenantId, id, 0, 100_000)
    if (events.some((event, i) => event.seq !== i + 1)) problems.push(`${id}: event seqs ${events.map((e) => e.seq).join(',')}`)
    if (execution.lastSeq !== events.length) problems.push(`${id}: lastSeq ${execution.lastSeq}, ${events.length} events`)
    const terminalEvents = events.filter((e) => Object.values(TERMINAL_EVENT).includes(e.type))
    if (settled && (terminalEvents.length !== 1 || events.at(-1)?.type !== TERMINAL_EVENT[execution.status])) {
      problems.push(`${id}: ${execution.status} with terminal events ${terminalEvents.map((e) => e.type).join(',')}`)
    }
    if (!settled && terminalEvents.length > 0) problems.push(`${id}: ${execution.status} after ${terminalEvents[0].type}`)

    const rows = new Map<string, number>()
    for (const row of await storage.listSteps(tenantId, id)) {
      const instance = `${row.stepId}|${row.iterationPath}`
      if (row.status === 'completed') rows.set(instance, (rows.get(instance) ?? 0) + 1)
      if (settled && (row.status === 'running' || row.status === 'pending')) problems.push(`${id}: step ${instance} still ${row.status}`)
    }
    const completions = new Map<string, number>()
    for (const event of events) {
      if (event.type !== 'step.completed') continue
      const instance = `${event.stepId}|${event.iterationPath}`
      completions.set(instance, (completions.get(instance) ?? 0) + 1)
    }
    for (const instance of new Set([...rows.keys(), ...completions.keys()])) {
      const r = rows.get(instance) ?? 0
      const e = completions.get(instance) ?? 0
      summary.committed += 1
      if (r > 1 || e > 1) summary.doubleCommits += 1
      if (r !== 1 || e !== 1) problems.push(`${id}: step ${instance} has ${r} completed rows and ${e} step.completed events`)
    }
  }
  const listed = await allExecutionIds(storage, tenantId)
  const created = new Set(ids)
  const extra = listed.filter((id) => !created.has(id))
  if (extra.length > 0 || listed.length !== ids.length) problems.push(`storage lists ${listed.length} executions, the scenario created ${ids.length} (extra: ${extra.slice(0, 5).join(', ')})`)
  expect(problems.slice(0, 20), `invariant violations (${problems.length})`).toEqual([])
  expect(summary.lost).toBe(0)
  expect(summary.doubleCommits).toBe(0)
  if (expected !== undefined) expect(summary.byStatus).toEqual(expected)
  return summary
}
