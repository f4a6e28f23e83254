import type {
  ApprovalRecord,
  ExecutionStatus,
  StepRecord,
  StepStatus,
  StoredExecution,
  WorkflowRecord,
  WorkflowVersionRecord,
  WorkflowVersionSource,
} from '../../../engine/records.js'

/** JSON text of a value; SQL NULL for `undefined`. */
export function toJson(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value)
}

/** Parses JSON text; `undefined` for SQL NULL. */
export function fromJson<T>(text: string | null): T | undefined {
  return text === null ? undefined : (JSON.parse(text) as T)
}

/** A row of `stepwise_workflows`. */
export interface WorkflowRow {
  id: string
  version: number
  hash: string
  name: string | null
  created_at: string
  updated_at: string
}

/** A row of `stepwise_workflow_versions`. */
export interface VersionRow {
  workflow_id: string
  version: number
  hash: string
  source: string
  author: string | null
  notes: string | null
  created_at: string
}

/** A row of `stepwise_executions` joined with `stepwise_execution_data`. */
export interface ExecutionRow {
  tenant_id: string
  id: string
  workflow_id: string
  workflow_version: number
  workflow_hash: string
  status: string
  idempotency_key: string | null
  started_at: string
  ended_at: string | null
  last_seq: number
  fence: number
  lease_owner: string | null
  lease_expires_at: number | null
  wake_at: number | null
  cancel_reason: string | null
  variables: string
  outputs: string
  output: string | null
  error: string | null
  waiting_for: string | null
  trigger_info: string | null
  retry_of: string | null
}

/** A row of `stepwise_steps`. */
export interface StepRow {
  execution_id: string
  step_id: string
  iteration_path: string
  attempt: number
  step_type: string
  status: string
  input: string | null
  output: string | null
  error: string | null
  waiting_for: string | null
  started_at: string
  ended_at: string | null
}

/** A row of `stepwise_approvals`. */
export interface ApprovalRow {
  execution_id: string
  step_id: string
  iteration_path: string
  token: string
  prompt: string
  approvers: string | null
  status: string
  decision: string | null
  created_at: string
  expires_at: number | null
}

/** Maps a workflow head row to its record. */
export function workflowFromRow(row: WorkflowRow): WorkflowRecord {
  const record: WorkflowRecord = { id: row.id, version: row.version, hash: row.hash, createdAt: row.created_at, updatedAt: row.updated_at }
  if (row.name !== null) record.name = row.name
  return record
}

/** Maps a version row to its record. */
export function versionFromRow(row: VersionRow): WorkflowVersionRecord {
  const record: WorkflowVersionRecord = {
    workflowId: row.workflow_id,
    version: row.version,
    hash: row.hash,
    source: row.source as WorkflowVersionSource,
    createdAt: row.created_at,
  }
  if (row.author !== null) record.author = row.author
  if (row.notes !== null) record.notes = row.notes
  return record
}

/** Maps an execution row (joined with its data row) to the stored record. */
export function executionFromRow(row: ExecutionRow): StoredExecution {
  const record: StoredExecution = {
    id: row.id,
    tenantId: row.tenant_id,
    workflowId: row.workflow_id,
    workflowVersion: row.workflow_version,
    workflowHash: row.workflow_hash,
    status: row.status as ExecutionStatus,
    variables: JSON.parse(row.variables) as StoredExecution['variables'],
    outputs: JSON.parse(row.outputs) as StoredExecution['outputs'],
    startedAt: row.started_at,
    lastSeq: row.last_seq,
    fence: row.fence,
  }
  if (row.output !== null) record.output = JSON.parse(row.output) as unknown
  if (row.error !== null) record.error = JSON.parse(row.error) as StoredExecution['error']
  if (row.waiting_for !== null) record.waitingFor = JSON.parse(row.waiting_for) as StoredExecution['waitingFor']
  if (row.idempotency_key !== null) record.idempotencyKey = row.idempotency_key
  if (row.trigger_info !== null) record.trigger = JSON.parse(row.trigger_info) as StoredExecution['trigger']
  if (row.retry_of !== null) record.retryOf = JSON.parse(row.retry_of) as StoredExecution['retryOf']
  if (row.ended_at !== null) record.endedAt = row.ended_at
  if (row.lease_owner !== null) record.leaseOwner = row.lease_owner
  if (row.lease_expires_at !== null) record.leaseExpiresAt = row.lease_expires_at
  if (row.wake_at !== null) record.wakeAt = row.wake_at
  if (row.cancel_reason !== null) record.cancelRequested = { reason: row.cancel_reason }
  return record
}

/** Named parameters that insert an execution (both tables). */
export function executionParams(tenantId: string, e: StoredExecution): Record<string, unknown> {
  return {
    tenant_id: tenantId,
    id: e.id,
    workflow_id: e.workflowId,
    workflow_version: e.workflowVersion,
    workflow_hash: e.workflowHash,
    status: e.status,
    idempotency_key: e.idempotencyKey ?? null,
    started_at: e.startedAt,
    ended_at: e.endedAt ?? null,
    last_seq: e.lastSeq,
    fence: e.fence,
    lease_owner: e.leaseOwner ?? null,
    lease_expires_at: e.leaseExpiresAt ?? null,
    wake_at: e.wakeAt ?? null,
    cancel_reason: e.cancelRequested?.reason ?? null,
    variables: JSON.stringify(e.variables ?? {}),
    outputs: JSON.stringify(e.outputs ?? {}),
    output: toJson(e.output),
    error: toJson(e.error),
    waiting_for: toJson(e.waitingFor),
    trigger_info: toJson(e.trigger),
    retry_of: toJson(e.retryOf),
  }
}

/** Maps a step row to its record. */
export function stepFromRow(row: StepRow): StepRecord {
  const record: StepRecord = {
    executionId: row.execution_id,
    stepId: row.step_id,
    stepType: row.step_type,
    iterationPath: row.iteration_path,
    attempt: row.attempt,
    status: row.status as StepStatus,
    startedAt: row.started_at,
  }
  if (row.input !== null) record.input = JSON.parse(row.input) as unknown
  if (row.output !== null) record.output = JSON.parse(row.output) as unknown
  if (row.error !== null) record.error = JSON.parse(row.error) as StepRecord['error']
  if (row.waiting_for !== null) record.waitingFor = JSON.parse(row.waiting_for) as StepRecord['waitingFor']
  if (row.ended_at !== null) record.endedAt = row.ended_at
  return record
}

/** Named parameters that upsert a step row. */
export function stepParams(tenantId: string, executionId: string, s: StepRecord): Record<string, unknown> {
  return {
    tenant_id: tenantId,
    execution_id: executionId,
    step_id: s.stepId,
    iteration_path: s.iterationPath,
    attempt: s.attempt,
    step_type: s.stepType,
    status: s.status,
    input: toJson(s.input),
    output: toJson(s.output),
    error: toJson(s.error),
    waiting_for: toJson(s.waitingFor),
    started_at: s.startedAt,
    ended_at: s.endedAt ?? null,
  }
}

/** Maps an approval row to its record. */
export function approvalFromRow(row: ApprovalRow): ApprovalRecord {
  const record: ApprovalRecord = {
    executionId: row.execution_id,
    stepId: row.step_id,
    iterationPath: row.iteration_path,
    token: row.token,
    prompt: row.prompt,
    status: row.status as ApprovalRecord['status'],
    createdAt: row.created_at,
  }
  if (row.approvers !== null) record.approvers = JSON.parse(row.approvers) as unknown
  if (row.decision !== null) record.decision = JSON.parse(row.decision) as ApprovalRecord['decision']
  if (row.expires_at !== null) record.expiresAt = row.expires_at
  return record
}

/** Named parameters that upsert an approval. */
export function approvalParams(tenantId: string, executionId: string, a: ApprovalRecord): Record<string, unknown> {
  return {
    tenant_id: tenantId,
    execution_id: executionId,
    step_id: a.stepId,
    iteration_path: a.iterationPath,
    token: a.token,
    prompt: a.prompt,
    approvers: toJson(a.approvers),
    status: a.status,
    decision: toJson(a.decision),
    created_at: a.createdAt,
    expires_at: a.expiresAt ?? null,
  }
}
