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
