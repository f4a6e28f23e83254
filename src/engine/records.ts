import type { RiskLevel } from '../policy/tool-meta.js'
import type { StepwiseErrorJSON } from '../errors/stepwise-error.js'

/** Status of an execution. `waiting` carries what it waits for in `waitingFor`. */
export type ExecutionStatus = 'pending' | 'running' | 'waiting' | 'completed' | 'failed' | 'cancelled'

/** Status of one step instance. */
export type StepStatus = 'pending' | 'running' | 'waiting' | 'completed' | 'failed' | 'skipped' | 'cancelled'

/** Terminal execution statuses: once reached they never change. */
export const TERMINAL_EXECUTION_STATUSES: ReadonlySet<ExecutionStatus> = new Set(['completed', 'failed', 'cancelled'])

/** Terminal step statuses: once reached they never change. */
export const TERMINAL_STEP_STATUSES: ReadonlySet<StepStatus> = new Set(['completed', 'failed', 'skipped', 'cancelled'])

/** What a waiting execution (or step) waits for. */
export type WaitingFor = ApprovalWait | TimerWait

/** An execution waiting for a person's decision. */
export interface ApprovalWait {
  /** Discriminator. */
  kind: 'approval'
  /** The approval step. */
  stepId: string
  /** Iteration path of the step instance. */
  iterationPath: string
  /** The resolved approval prompt. */
  prompt: string
  /** Random secret token for link approvals (never derivable from ids). */
  token: string
  /** When the approval times out (ISO), if it has a timeout. */
  expiresAt?: string
  /** Set when the policy asks a person to allow a tool call: the exact call awaiting the decision. */
  tool?: PendingToolCall
}

/** A tool call held for a person's decision by the tool policy (`approve`). */
export interface PendingToolCall {
  /** Tool name. */
  name: string
  /** The exact arguments the tool will get if allowed. */
  arguments: unknown
  /** Canonical hash of `arguments`: the decision allows this call only. */
  argumentsHash: string
  /** The tool's risk level. */
  risk: RiskLevel
  /** The agent's tool call id, when an agent made the call. */
  toolCallId?: string
}

/** An execution waiting for a durable timer (`wait` step). */
export interface TimerWait {
  /** Discriminator. */
  kind: 'timer'
  /** The wait step. */
  stepId: string
  /** Iteration path of the step instance. */
  iterationPath: string
  /** ISO time the timer fires. */
  until: string
}

/** Source of a retry-from execution. */
export interface RetryOf {
  /** The execution retried from. */
  executionId: string
  /** The step it runs from. */
  stepId: string
  /** Iteration path of that step instance. */
  iterationPath?: string
}

/** A cancel requested while another engine instance runs the execution. */
export interface CancelRequest {
  /** The caller's reason. */
  reason: string
}

/** Error stored on executions and steps. Cancelled executions add `reason`. */
export interface ExecutionError extends StepwiseErrorJSON {
  /** Why an execution was cancelled: `approval_denied`, `approval_expired`, or the caller's reason. */
  reason?: string
}

/** How an execution was started. */
export interface TriggerInfo {
  /** `manual`, `retry`, `schedule`, `webhook`, `event`, `test`, … */
  type: string
  /** The trigger record's id, for trigger-started runs. */
  triggerId?: string
  /** Free-form JSON metadata. */
  [key: string]: unknown
}

/** The public execution record. */
export interface Execution {
  /** Execution id. */
  id: string
  /** Tenant the execution belongs to. */
  tenantId: string
  /** Workflow id (for inline definitions, the definition's id). */
  workflowId: string
  /** Version number of the workflow that was pinned (0 for unsaved inline definitions). */
  workflowVersion: number
  /** Canonical hash of the pinned definition snapshot. */
  workflowHash: string
  /** Current status. */
  status: ExecutionStatus
  /** Input variables after defaults were applied. */
  variables: Record<string, unknown>
  /** Published step outputs (`outputs.<name>`). Up to date whenever the execution is not running. */
  outputs: Record<string, unknown>
  /** The `output` of an `end` step, when one ended the run. */
  output?: unknown
  /** Failure or cancellation details. */
  error?: ExecutionError
  /** What a waiting execution waits for (the first of them when several wait). */
  waitingFor?: WaitingFor
  /** Idempotency key given on start. */
  idempotencyKey?: string
  /** How it was started. */
  trigger?: TriggerInfo
  /** For `retryFrom` runs: the source execution and step. */
  retryOf?: RetryOf
  /** ISO time the execution was created. */
  startedAt: string
  /** ISO time it reached a terminal status. */
  endedAt?: string
}

/** Execution as stored: the public record plus journal bookkeeping. */
export interface StoredExecution extends Execution {
  /** Highest event `seq` committed. */
  lastSeq: number
  /** Fencing counter, incremented by every claim. Commits must present the current value. */
  fence: number
  /** Engine instance currently holding the lease. */
  leaseOwner?: string
  /** Epoch ms the lease expires. */
  leaseExpiresAt?: number
  /** Epoch ms the execution wants to be woken (timer or approval expiry). */
  wakeAt?: number
  /** Set by `cancel()` while another instance runs the execution. */
  cancelRequested?: CancelRequest
}

/** One step instance `(executionId, stepId, iterationPath, attempt)`. */
export interface StepRecord {
  /** The execution. */
  executionId: string
  /** Step id from the definition. */
  stepId: string
  /** Step type. */
  stepType: string
  /** `/`-joined container segments; empty at top level. */
  iterationPath: string
  /** Attempt number, from 1. */
  attempt: number
  /** Status. */
  status: StepStatus
  /** Resolved input (arguments, prompt, condition result, loop items…). */
  input?: unknown
  /** Output of the step. */
  output?: unknown
  /** Error of a failed or cancelled step. */
  error?: ExecutionError
  /** What a waiting step waits for. */
  waitingFor?: WaitingFor
  /** ISO start time. */
  startedAt: string
  /** ISO end time. */
  endedAt?: string
}

/** A decision on an approval. */
export interface ApprovalDecision {
  /** Whether it was approved. */
  approved: boolean
  /** `approved`, `denied`, or `expired` (timed out). */
  decision: 'approved' | 'denied' | 'expired'
  /** Who decided (identity supplied by the host). */
  by?: string
  /** Free-text comment. */
  comment?: string
  /** ISO time of the decision. */
  decidedAt: string
}

/** A durable approval request. */
export interface ApprovalRecord {
  /** The execution. */
  executionId: string
  /** The approval step. */
  stepId: string
  /** Iteration path of the step instance. */
  iterationPath: string
  /** Random secret token. */
  token: string
  /** The resolved prompt. */
  prompt: string
  /** Opaque approvers value from the definition. */
  approvers?: unknown
  /** `pending` until decided. */
  status: 'pending' | 'approved' | 'denied' | 'expired'
  /** The decision, once made. */
  decision?: ApprovalDecision
  /** ISO creation time. */
  createdAt: string
  /** Epoch ms it expires. */
  expiresAt?: number
}

/** Where a saved workflow version came from. */
export type WorkflowVersionSource = 'save' | 'update' | 'rollback' | 'proposal'

/** An immutable version of a workflow. */
export interface WorkflowVersionRecord {
  /** Workflow id. */
  workflowId: string
  /** Version number, from 1. */
  version: number
  /** Canonical hash of the definition. */
  hash: string
  /** Where it came from. */
  source: WorkflowVersionSource
  /** Who saved it. */
  author?: string
  /** Notes. */
  notes?: string
  /** ISO time. */
  createdAt: string
}

/** The current head of a saved workflow. */
export interface WorkflowRecord {
  /** Workflow id. */
  id: string
  /** Current version number. */
  version: number
  /** Current hash. */
  hash: string
  /** Display name (from the definition). */
  name?: string
  /** ISO creation time (kept across saves). */
  createdAt: string
  /** ISO time of the last save. */
  updatedAt: string
}
