import { StepwiseError } from '../../../errors/stepwise-error.js'
import type { StepwiseEvent } from '../../../engine/events.js'
import { TERMINAL_EXECUTION_STATUSES, type StepRecord, type StoredExecution } from '../../../engine/records.js'
import type { CommitBatch, CommitResult } from '../storage-adapter.js'
import { eventRows } from '../event-rows.js'
import { approvalParams, stepParams, toJson } from './sqlite-rows.js'
import type { SqliteStatements } from './sqlite-statements.js'

/**
 * Writes one journal commit. Must run inside a write (IMMEDIATE) transaction: any throw rolls
 * the whole batch back. Checks, in order: the execution exists in the tenant (`NOT_FOUND`), the
 * fence is current (`LEASE_LOST`), it is not terminal (`EXECUTION_TERMINAL`), event seqs
 * continue `lastSeq` without gaps (`STORAGE_CONFLICT`, also guaranteed by the events' primary
 * key), and no terminal step row changes (`STORAGE_CONFLICT`). Writes only the rows the batch
 * carries; the execution's JSON bodies are touched only when the patch sets them.
 */
export function commitBatch(s: SqliteStatements, tenantId: string, executionId: string, fence: number, batch: CommitBatch): CommitResult {
  const head = s.executionHead.get(tenantId, executionId) as
    | { fence: number; status: StoredExecution['status']; last_seq: number; cancel_reason: string | null }
    | undefined
  if (head === undefined) throw new StepwiseError('NOT_FOUND', `Execution ${executionId} not found.`)
  if (head.fence !== fence) {
    throw new StepwiseError('LEASE_LOST', `Execution ${executionId} was claimed by another worker (fence ${fence} is stale).`)
  }
  if (TERMINAL_EXECUTION_STATUSES.has(head.status)) {
    throw new StepwiseError('EXECUTION_TERMINAL', `Execution ${executionId} is already ${head.status}.`)
  }
  const events: readonly StepwiseEvent[] = batch.events ?? []
  events.forEach((event, i) => {
    if (event.seq !== head.last_seq + 1 + i) {
      throw new StepwiseError('STORAGE_CONFLICT', `Event seq ${event.seq} does not continue ${head.last_seq + i}.`)
    }
  })
  for (const row of batch.steps ?? []) upsertStep(s, tenantId, executionId, row)
  for (const row of eventRows(events)) s.insertEvent.run(tenantId, executionId, row.seq, row.type, row.body)
  for (const approval of batch.approvals ?? []) s.upsertApproval.run(approvalParams(tenantId, executionId, approval))

  const patch = batch.execution ?? {}
  const status = patch.status ?? head.status
  const terminal = TERMINAL_EXECUTION_STATUSES.has(status)
  const release = batch.releaseLease === true || terminal
  const clear = patch.clearWaiting === true
  const lastSeq = events.length > 0 ? events[events.length - 1].seq : head.last_seq
  const touchesHead =
    patch.status !== undefined || patch.endedAt !== undefined || patch.wakeAt !== undefined || clear || release || lastSeq !== head.last_seq
  if (touchesHead) {
    s.patchExecution.run({
      tenant_id: tenantId,
      id: executionId,
      status: patch.status ?? null,
      ended_at: patch.endedAt ?? null,
      wake_at: patch.wakeAt ?? null,
      terminal: terminal ? 1 : 0,
      clear: clear ? 1 : 0,
      release: release ? 1 : 0,
      last_seq: lastSeq,
    })
  }
  if (patch.outputs !== undefined || patch.output !== undefined || patch.error !== undefined || patch.waitingFor !== undefined || clear) {
    s.patchExecutionData.run({
      tenant_id: tenantId,
      id: executionId,
      outputs: toJson(patch.outputs),
      output: toJson(patch.output),
      error: toJson(patch.error),
      waiting_for: toJson(patch.waitingFor),
      clear: clear ? 1 : 0,
    })
  }
  return head.cancel_reason === null || terminal ? {} : { cancelRequested: { reason: head.cancel_reason } }
}

function upsertStep(s: SqliteStatements, tenantId: string, executionId: string, row: StepRecord): void {
  if (s.upsertStep.run(stepParams(tenantId, executionId, row)).changes === 0) {
    throw new StepwiseError('STORAGE_CONFLICT', `Step ${row.stepId} [${row.iterationPath}] attempt ${row.attempt} is already settled.`)
  }
}

