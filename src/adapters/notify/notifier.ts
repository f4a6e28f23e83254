import type { ExecutionError, TriggerInfo } from '../../engine/records.js'

/** What a failure notification reports (also rendered as text in `content`). */
export interface FailureSummary {
  /** The workflow. */
  workflowId: string
  /** Its name, from the pinned snapshot. */
  workflowName?: string
  /** The execution. */
  executionId: string
  /** How it ended. */
  status: 'failed' | 'cancelled'
  /** The first step that failed (or was cancelled). */
  failedStepId?: string
  /** The execution's error. */
  error?: ExecutionError
  /** How the run was started. */
  trigger: TriggerInfo
}

/** A message handed to a notifier by a `notify` step (or by failure notifications). */
export interface NotifyMessage {
  /** Target name (`default` unless the step names another). */
  target: string
  /** Rendered content. */
  content: string
  /** The execution. */
  executionId: string
  /** The workflow. */
  workflowId: string
  /** The step. */
  stepId: string
  /** Iteration path of the step instance. */
  iterationPath: string
  /** Stable key across retries and resumes; use it to drop duplicates. */
  idempotencyKey: string
  /** Aborts when the step is cancelled or times out. */
  signal: AbortSignal
  /**
   * Set on failure notifications (a workflow's `failureNotify`): the structured summary. Their
   * `stepId` is the failed step (or empty) and `idempotencyKey` is `failure:<executionId>`.
   */
  failure?: FailureSummary
}

/**
 * A notifier delivers messages to a target (chat, inbox, email…). Return `false` (or
 * `{ delivered: false }`) to report a message that was accepted but not delivered; throw to fail
 * the step (it is retried per its retry policy).
 */
export type Notifier = (message: NotifyMessage) => NotifyResult | Promise<NotifyResult>

/** What a notifier returns: nothing (delivered), a boolean, or `{ delivered }`. */
export type NotifyResult = void | boolean | NotifyDelivery

/** Delivery report of a notifier. */
export interface NotifyDelivery {
  /** Whether the message reached its target. */
  delivered: boolean
}
