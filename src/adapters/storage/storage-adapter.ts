import type { StepwiseEvent } from '../../engine/events.js'
import type {
  ApprovalDecision,
  CancelRequest,
  ApprovalRecord,
  ExecutionStatus,
  StepRecord,
  StoredExecution,
  WorkflowRecord,
  WorkflowVersionRecord,
  WorkflowVersionSource,
} from '../../engine/records.js'
import type { ProposalStorageV1 } from './proposal-storage.js'
import type { TriggerStorageV1 } from './trigger-storage.js'

/** Filter of {@link StorageAdapterV1.listExecutions}. Results are newest first. */
export interface ExecutionFilter {
  /** Only executions of this workflow. */
  workflowId?: string
  /** Only these statuses. */
  status?: ExecutionStatus | readonly ExecutionStatus[]
  /** At most this many (default 50, max 500). */
  limit?: number
  /** Only executions started strictly before this ISO time. */
  before?: string
}

/** Input of {@link StorageAdapterV1.saveWorkflow}. */
export interface SaveWorkflowInput {
  /** Workflow id. */
  workflowId: string
  /** Display name. */
  name?: string
  /** Canonical hash of `definition`. */
  hash: string
  /** The normalised definition (JSON). */
  definition: unknown
  /** Where the version comes from. */
  source: WorkflowVersionSource
  /** Who saved it. */
  author?: string
  /** Notes. */
  notes?: string
  /** ISO time. */
  now: string
}

/** Result of {@link StorageAdapterV1.saveWorkflow}. */
export interface SaveWorkflowResult {
  /** The new head. */
  workflow: WorkflowRecord
  /** The version the head points at. */
  version: WorkflowVersionRecord
  /** False when the head already had this hash (nothing changed). */
  changed: boolean
}

/** Claim of an execution's lease. */
export interface ClaimInput {
  /** Engine instance id. */
  owner: string
  /** Lease duration. */
  leaseMs: number
  /** Current epoch ms (from the engine's clock). */
  now: number
}

/** Everything one journal commit writes, atomically. */
export interface CommitBatch {
  /** Fields of the execution to update. `lastSeq` is set from `events` automatically. */
  execution?: Partial<Pick<StoredExecution, 'status' | 'outputs' | 'output' | 'error' | 'waitingFor' | 'endedAt' | 'wakeAt'>> & {
    /** Clear `waitingFor` and `wakeAt`. */
    clearWaiting?: boolean
  }
  /** Step instances to insert or update (keyed by stepId, iterationPath, attempt). */
  steps?: readonly StepRecord[]
  /** Events to append; their `seq` must continue the execution's `lastSeq` without gaps. */
  events?: readonly StepwiseEvent[]
  /** Approvals to create. */
  approvals?: readonly ApprovalRecord[]
  /** Release the lease after writing. */
  releaseLease?: boolean
}

/** Result of a commit. */
export interface CommitResult {
  /** Set when `cancel()` was requested by someone else since the claim. */
  cancelRequested?: CancelRequest
}

/** Result of {@link StorageAdapterV1.createExecution}. */
export interface CreateExecutionResult {
  /** The new execution, or the existing one with the same idempotency key. */
  execution: StoredExecution
  /** False when an existing execution was returned. */
  created: boolean
}

/** Result of a successful {@link StorageAdapterV1.claimExecution}. */
export interface ClaimResult {
  /** The new fencing counter; every commit must present it. */
  fence: number
  /** The execution as claimed. */
  execution: StoredExecution
}

/** Result of {@link StorageAdapterV1.decideApproval}. */
export interface DecideApprovalResult {
  /** The approval as stored after the call. */
  approval: ApprovalRecord
  /** False when it had already been decided (the first decision wins). */
  applied: boolean
}

/** An execution that needs an engine: a due timer/approval expiry, or an abandoned lease. */
export interface DueExecution {
  /** Execution id. */
  id: string
  /** Why it is due. */
  reason: 'wake' | 'orphaned'
}

/**
 * Storage adapter interface, version 1. Every method is scoped by `tenantId`; a foreign id
 * behaves exactly like an unknown id. Implementations: `memoryStorage()` (core),
 * `sqliteStorage()` and `postgresStorage()`. All must pass `describeStorageConformance`, and
 * `describeTriggerStorageConformance` for the trigger methods ({@link TriggerStorageV1}); the
 * proposal methods ({@link ProposalStorageV1}) are part of `describeStorageConformance`.
 *
 * Writes per step are proportional to that step's own data: a commit carries only the step
 * instances and events it changes, never the execution's whole history.
 */
export interface StorageAdapterV1 extends TriggerStorageV1, ProposalStorageV1 {
  /** Interface version. */
  readonly specificationVersion: 'v1'
  /** Adapter name, e.g. `memory`. */
  readonly adapterId: string
  /** Cross-process notifications, when the adapter supports them. */
  readonly notifications?: StorageNotifications
  /** Releases connections or files the adapter opened itself (not ones the host passed in). */
  close?(): void | Promise<void>

  /** Stores a definition snapshot by its hash (idempotent). */
  putSnapshot(tenantId: string, hash: string, definition: unknown): Promise<void>
  /** Reads a definition snapshot. */
  getSnapshot(tenantId: string, hash: string): Promise<unknown | undefined>

  /** Saves a workflow: a new immutable version unless the head already has this hash. */
  saveWorkflow(tenantId: string, input: SaveWorkflowInput): Promise<SaveWorkflowResult>
  /** Reads a workflow head. */
  getWorkflow(tenantId: string, workflowId: string): Promise<WorkflowRecord | undefined>
  /** Lists workflow heads, by id. */
  listWorkflows(tenantId: string): Promise<WorkflowRecord[]>
  /** Deletes a workflow head (versions and snapshots stay, so executions remain readable). */
  deleteWorkflow(tenantId: string, workflowId: string): Promise<boolean>
  /** Lists a workflow's versions, newest first. */
  listWorkflowVersions(tenantId: string, workflowId: string): Promise<WorkflowVersionRecord[]>

  /**
   * Creates an execution. With an `idempotencyKey`, a second create for the same
   * `(workflowId, idempotencyKey)` returns the existing execution and `created: false`.
   */
  createExecution(tenantId: string, execution: StoredExecution): Promise<CreateExecutionResult>
  /** Reads an execution. */
  getExecution(tenantId: string, executionId: string): Promise<StoredExecution | undefined>
  /** Lists executions, newest first. */
  listExecutions(tenantId: string, filter?: ExecutionFilter): Promise<StoredExecution[]>
  /**
   * Claims the execution's lease: succeeds when it is not terminal and the lease is free,
   * expired, or already held by `owner`. Increments and returns the fencing counter.
   */
  claimExecution(tenantId: string, executionId: string, claim: ClaimInput): Promise<ClaimResult | undefined>
  /** Extends a lease still held with this fence. False when it was lost. */
  renewLease(tenantId: string, executionId: string, fence: number, claim: ClaimInput): Promise<boolean>
  /**
   * Writes a batch atomically. Rejects with `LEASE_LOST` when `fence` is not current, and with
   * `EXECUTION_TERMINAL` when the batch would change a terminal execution.
   */
  commit(tenantId: string, executionId: string, fence: number, batch: CommitBatch): Promise<CommitResult>
  /**
   * Records a cancel request. When no lease is live the caller may then claim and finish the
   * cancel itself; otherwise the owner sees it in its next commit.
   */
  requestCancel(tenantId: string, executionId: string, reason: string): Promise<StoredExecution | undefined>
  /** Executions needing an engine at `now`: due wakes, and pending/running ones whose lease expired. */
  listDueExecutions(tenantId: string, now: number, limit: number): Promise<DueExecution[]>

  /** Lists the step instances of an execution in the order they were first written. */
  listSteps(tenantId: string, executionId: string): Promise<StepRecord[]>
  /** Reads events with `seq > afterSeq`, ascending, at most `limit`. */
  readEvents(tenantId: string, executionId: string, afterSeq: number, limit: number): Promise<StepwiseEvent[]>

  /** Reads the approval of a step instance. */
  getApproval(tenantId: string, executionId: string, stepId: string, iterationPath: string): Promise<ApprovalRecord | undefined>
  /** Finds an approval by its secret token. */
  findApprovalByToken(tenantId: string, token: string): Promise<ApprovalRecord | undefined>
  /** Lists an execution's approvals. */
  listApprovals(tenantId: string, executionId: string): Promise<ApprovalRecord[]>
  /**
   * Decides a pending approval. The first decision wins: when it was already decided, returns
   * the stored approval with `applied: false`. A decision also makes a waiting execution due at
   * once (`wakeAt = 0`), so `tick()` in any process resumes it.
   */
  decideApproval(
    tenantId: string,
    executionId: string,
    stepId: string,
    iterationPath: string,
    decision: ApprovalDecision,
  ): Promise<DecideApprovalResult | undefined>
}

/**
 * Optional capability of adapters shared by several processes (PostgreSQL: LISTEN/NOTIFY):
 * tells engines in other processes that something happened, so they read storage at once
 * instead of waiting for their next poll. Payloads are signals only; storage stays the truth.
 */
export interface StorageNotifications {
  /** Calls `listener` when events of the execution were committed (by any process), with the highest `seq`. Returns unsubscribe. */
  onEvents(tenantId: string, executionId: string, listener: (lastSeq: number) => void): () => void
  /** Calls `listener` when work may be due in a tenant (an execution created, an approval decided, a lease released). Returns unsubscribe. */
  onWork(listener: (tenantId: string) => void): () => void
}

/** Any storage adapter version the engine accepts. */
export type StorageAdapter = StorageAdapterV1
