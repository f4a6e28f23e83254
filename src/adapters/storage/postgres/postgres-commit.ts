import { StepwiseError } from '../../../errors/stepwise-error.js'
import { TERMINAL_EXECUTION_STATUSES, type ApprovalRecord, type StepRecord, type StoredExecution } from '../../../engine/records.js'
import type { StepwiseEvent } from '../../../engine/events.js'
import type { CommitBatch, CommitResult } from '../storage-adapter.js'
import { toJson } from '../sqlite/sqlite-rows.js'
import type { PgPoolLike } from './pg-types.js'
import { eventRows } from '../event-rows.js'
import { eventsPayload, workPayload } from './postgres-notifications.js'
import type { PostgresStatements } from './postgres-sql.js'

/** Rows of one instance key appearing twice in a batch: the later replaces the earlier, in the earlier's place. */
function lastPerKey<T>(rows: readonly T[], key: (row: T) => string): T[] {
  if (rows.length < 2) return rows as T[]
  const byKey = new Map<string, T>()
  for (const row of rows) byKey.set(key(row), row)
  return [...byKey.values()]
}

function stepColumns(rows: readonly StepRecord[]): unknown[] {
  const unique = lastPerKey(rows, (r) => `${r.stepId}\u0000${r.iterationPath}\u0000${r.attempt}`)
  const columns: unknown[][] = Array.from({ length: 11 }, () => new Array<unknown>(unique.length))
  unique.forEach((r, i) => {
    columns[0][i] = r.stepId
    columns[1][i] = r.iterationPath
    columns[2][i] = r.attempt
    columns[3][i] = r.stepType
    columns[4][i] = r.status
    columns[5][i] = toJson(r.input)
    columns[6][i] = toJson(r.output)
    columns[7][i] = toJson(r.error)
    columns[8][i] = toJson(r.waitingFor)
    columns[9][i] = r.startedAt
    columns[10][i] = r.endedAt ?? null
  })
  return columns
}

function approvalColumns(rows: readonly ApprovalRecord[]): unknown[] {
  const unique = lastPerKey(rows, (a) => `${a.stepId}\u0000${a.iterationPath}`)
  const columns: unknown[][] = Array.from({ length: 9 }, () => new Array<unknown>(unique.length))
  unique.forEach((a, i) => {
    columns[0][i] = a.stepId
    columns[1][i] = a.iterationPath
    columns[2][i] = a.token
    columns[3][i] = a.prompt
    columns[4][i] = toJson(a.approvers)
    columns[5][i] = a.status
    columns[6][i] = toJson(a.decision)
    columns[7][i] = a.createdAt
    columns[8][i] = a.expiresAt ?? null
  })
  return columns
}

/** Event columns (seq, type, JSON body) of a batch's rows (`eventRows`: a run of streamed deltas shares a row). */
function eventColumns(events: readonly StepwiseEvent[]): unknown[][] {
  const columns: unknown[][] = [[], [], []]
  for (const row of eventRows(events)) {
    columns[0].push(row.seq)
    columns[1].push(row.type)
    columns[2].push(row.body)
  }
  return columns
}

/** Parameters of `commitStepSql`: at most one step row, events, nothing else. */
function stepCommitValues(tenantId: string, executionId: string, fence: number, batch: CommitBatch): unknown[] {
  const events = batch.events ?? []
  const lastSeq = events.length > 0 ? events[events.length - 1].seq : null
  const row = batch.steps?.[0]
  return [
    tenantId,
    executionId,
    fence,
    events.length > 0 ? events[0].seq - 1 : null,
    lastSeq,
    row?.stepId ?? null,
    row?.iterationPath ?? null,
    row?.attempt ?? null,
    row?.stepType ?? null,
    row?.status ?? null,
    toJson(row?.input),
    toJson(row?.output),
    toJson(row?.error),
    toJson(row?.waitingFor),
    row?.startedAt ?? null,
    row?.endedAt ?? null,
    ...eventColumns(events),
    lastSeq === null ? null : eventsPayload(tenantId, executionId, lastSeq),
  ]
}

/** Parameters of `commitSql` (any batch). */
function fullCommitValues(tenantId: string, executionId: string, fence: number, batch: CommitBatch, terminal: boolean): unknown[] {
  const events = batch.events ?? []
  const patch = batch.execution ?? {}
  const release = batch.releaseLease === true || terminal
  const clear = patch.clearWaiting === true
  const patchData = patch.outputs !== undefined || patch.output !== undefined || patch.error !== undefined || patch.waitingFor !== undefined || clear
  const lastSeq = events.length > 0 ? events[events.length - 1].seq : null
  // More work may be due elsewhere when the lease of a live execution is let go, or a timer is set.
  const work = (release && !terminal) || (patch.wakeAt !== undefined && !terminal)
  return [
    tenantId,
    executionId,
    fence,
    patch.status ?? null,
    patch.endedAt ?? null,
    patch.wakeAt ?? null,
    terminal,
    clear,
    release,
    events.length > 0 ? events[0].seq - 1 : null,
    lastSeq,
    ...stepColumns(batch.steps ?? []),
    ...eventColumns(events),
    ...approvalColumns(batch.approvals ?? []),
    patchData,
    toJson(patch.outputs),
    toJson(patch.output),
    toJson(patch.error),
    toJson(patch.waitingFor),
    lastSeq === null ? null : eventsPayload(tenantId, executionId, lastSeq),
    work ? workPayload(tenantId, executionId) : null,
  ]
}

/**
 * Writes one journal commit with a single statement (see `commitSql`; the common per-step shape
 * uses the leaner `commitStepSql`): one round trip, one transaction. When the
 * fence/terminal/seq compare-and-set matches no row, nothing was written and the head is read to
 * report why, in the order of the other adapters: `NOT_FOUND`, `LEASE_LOST`,
 * `EXECUTION_TERMINAL`, then `STORAGE_CONFLICT` (seq gap or repeat).
 */
export async function commitBatch(
  pool: PgPoolLike,
  sql: PostgresStatements,
  tenantId: string,
  executionId: string,
  fence: number,
  batch: CommitBatch,
): Promise<CommitResult> {
  const events = batch.events ?? []
  let consecutive = true
  for (let i = 1; i < events.length; i++) if (events[i].seq !== events[0].seq + i) consecutive = false
  const status = batch.execution?.status
  const terminal = status !== undefined && TERMINAL_EXECUTION_STATUSES.has(status)
  if (consecutive) {
    const lean = batch.execution === undefined && batch.releaseLease !== true && (batch.approvals ?? []).length === 0 && (batch.steps ?? []).length <= 1
    const query = lean
      ? { ...sql.commitStep, values: stepCommitValues(tenantId, executionId, fence, batch) }
      : { ...sql.commit, values: fullCommitValues(tenantId, executionId, fence, batch, terminal) }
    const { rows } = await pool.query<{ cancel_reason: string | null }>(query)
    if (rows.length === 1) {
      const reason = rows[0].cancel_reason
      return reason === null || terminal ? {} : { cancelRequested: { reason } }
    }
  }
  const head = (await pool.query<{ fence: number; status: StoredExecution['status']; last_seq: number }>({ ...sql.executionHead, values: [tenantId, executionId] }))
    .rows[0]
  if (head === undefined) throw new StepwiseError('NOT_FOUND', `Execution ${executionId} not found.`)
  if (head.fence !== fence) throw new StepwiseError('LEASE_LOST', `Execution ${executionId} was claimed by another worker (fence ${fence} is stale).`)
  if (TERMINAL_EXECUTION_STATUSES.has(head.status)) throw new StepwiseError('EXECUTION_TERMINAL', `Execution ${executionId} is already ${head.status}.`)
  const bad = events.findIndex((event, i) => event.seq !== head.last_seq + 1 + i)
  throw new StepwiseError('STORAGE_CONFLICT', `Event seq ${events[Math.max(0, bad)]?.seq} does not continue ${head.last_seq + Math.max(0, bad)}.`)
}
