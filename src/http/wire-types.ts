/**
 * @module
 * JSON bodies of the HTTP API's requests, shared by the handler and the client. Responses are the
 * engine's own records (`Execution`, `SavedWorkflow`, …) as JSON.
 */
import type { WorkflowDefinition } from '../index.js'

/** Body of `POST /workflows` (save). */
export interface SaveWorkflowRequest {
  /** The workflow document (validated; invalid → 400 `WORKFLOW_INVALID`). */
  definition: WorkflowDefinition | Record<string, unknown>
  /** Notes recorded on the version. The author is the authorized actor. */
  notes?: string
}

/** Body of `POST /workflows/validate`. */
export interface ValidateWorkflowRequest {
  /** The document to validate. */
  definition: unknown
}

/** Body of `POST /workflows/:id/rollback`. */
export interface RollbackRequest {
  /** Hash of the version to make the head again. */
  hash: string
  /** Notes recorded on the version. */
  notes?: string
}

/** Body of `POST /executions` (start). */
export interface StartExecutionRequest {
  /** A saved workflow's id, or an inline definition (validated, then pinned). */
  workflow: string | WorkflowDefinition | Record<string, unknown>
  /** Input variables. */
  variables?: Record<string, unknown>
  /** A second start with the same key (per workflow) returns the existing execution. */
  idempotencyKey?: string
}

/** Body of `POST /executions/:id/approve`. The decider (`by`) is the authorized actor. */
export interface ApproveRequest {
  /** Approve (`true`) or deny (`false`). */
  approved: boolean
  /** Comment. */
  comment?: string
  /** Which approval, when several wait. */
  stepId?: string
  /** Which iteration of that step. */
  iterationPath?: string
}

/** Body of `POST /executions/:id/cancel`. */
export interface CancelRequestBody {
  /** Why (stored as `error.reason`). */
  reason?: string
}

/** Body of `POST /executions/:id/retry-from`. */
export interface RetryFromRequest {
  /** The step to run from. */
  stepId: string
  /** Its iteration path, for a nested step. */
  iterationPath?: string
}

/** Body of `POST /triggers/:id/fire`. */
export interface FireTriggerRequest {
  /** The payload (`_payload`; for manual triggers its fields are also variables). */
  payload?: unknown
  /** Webhook triggers: headers to simulate (e.g. `X-GitHub-Event`). */
  headers?: Record<string, string>
}

/** Body of `POST /workflows/draft`, passed to the handler's `draft` option. */
export interface DraftRequest {
  /** What the workflow should do. */
  prompt: string
  /** A workflow id or document to edit instead of starting from nothing. */
  base?: string | WorkflowDefinition | Record<string, unknown>
  /** With `base`: only these steps may change. */
  stepIds?: string[]
  /** A short extra instruction, e.g. what to do with the `stepIds` steps (`draftWorkflow`'s `instruction`). */
  instruction?: string
  /** Host-specific fields, passed through. */
  [key: string]: unknown
}

/** Body of `POST /workflows/:id/proposals`. The author is the authorized actor. */
export interface CreateProposalRequest {
  /** The hash the change was made against (must be the current head's, else 409 `PROPOSAL_STALE`). */
  baseHash: string
  /** The proposed document (validated in full: 400 `WORKFLOW_INVALID`). */
  definition: WorkflowDefinition | Record<string, unknown>
  /** Diff text to show reviewers (computed when omitted). */
  diff?: string
  /** Why. */
  notes?: string
  /** ISO expiry time (default: 14 days from now). */
  expiresAt?: string
}

/** Body of `POST /proposals/:id/review`. The reviewer is the authorized actor. */
export interface ReviewProposalRequest {
  /** Approve (`true`) or reject (`false`). */
  approved: boolean
  /** Review notes. */
  notes?: string
}

/** Body of `POST /proposals/:id/apply`. */
export interface ApplyProposalRequest {
  /** Notes recorded on the version. */
  notes?: string
}

/** The JSON body of every error response. */
export interface ErrorResponseBody {
  /** The error. */
  error: {
    /** A `StepwiseErrorCode`. */
    code: string
    /** What happened. */
    message: string
    /** JSON-safe extra data (e.g. `issues` of an invalid workflow). */
    details?: Record<string, unknown>
  }
}
