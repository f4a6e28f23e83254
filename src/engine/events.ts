import type { ApprovalDecision, ExecutionError, ExecutionStatus, PendingToolCall, WaitingFor } from './records.js'
import type { RiskLevel } from '../policy/tool-meta.js'

/**
 * Fields every execution event has. `seq` starts at 1 per execution and has no gaps.
 * Consumers must ignore event types they do not know.
 */
export interface EventBase {
  /** Position in the execution's event log, from 1, no gaps. */
  seq: number
  /** The execution. */
  executionId: string
  /** The workflow. */
  workflowId: string
  /** ISO time. */
  at: string
}

/** Fields of every step-scoped event. */
export interface StepEventBase extends EventBase {
  /** Step id. */
  stepId: string
  /** Step type. */
  stepType: string
  /** Iteration path of the step instance. */
  iterationPath: string
  /** Attempt number, from 1. */
  attempt: number
}

/** The execution started running for the first time. */
export interface ExecutionStartedEvent extends EventBase {
  /** Discriminator. */
  type: 'execution.started'
  /** Input variables after defaults. */
  variables: Record<string, unknown>
}
/** The execution continued after a wait (approval, timer, restart). */
export interface ExecutionResumedEvent extends EventBase {
  /** Discriminator. */
  type: 'execution.resumed'
}
/** The execution paused durably. */
export interface ExecutionWaitingEvent extends EventBase {
  /** Discriminator. */
  type: 'execution.waiting'
  /** What it waits for. */
  waitingFor: WaitingFor
}
/** The execution completed. */
export interface ExecutionCompletedEvent extends EventBase {
  /** Discriminator. */
  type: 'execution.completed'
  /** Published outputs. */
  outputs: Record<string, unknown>
  /** Output. */
  output?: unknown
}
/** The execution failed. */
export interface ExecutionFailedEvent extends EventBase {
  /** Discriminator. */
  type: 'execution.failed'
  /** What went wrong. */
  error: ExecutionError
}
/** The execution was cancelled. */
export interface ExecutionCancelledEvent extends EventBase {
  /** Discriminator. */
  type: 'execution.cancelled'
  /** What went wrong. */
  error: ExecutionError
}

/** A step instance started. */
export interface StepStartedEvent extends StepEventBase {
  /** Discriminator. */
  type: 'step.started'
  /** Resolved input of the step. */
  input?: unknown
}
/** A step instance completed. */
export interface StepCompletedEvent extends StepEventBase {
  /** Discriminator. */
  type: 'step.completed'
  /** Output. */
  output?: unknown
  /** Duration of the attempt in ms. */
  durationMs: number
}
/** A step instance failed. */
export interface StepFailedEvent extends StepEventBase {
  /** Discriminator. */
  type: 'step.failed'
  /** What went wrong. */
  error: ExecutionError
  /** Duration of the attempt in ms. */
  durationMs: number
}
/** A step was skipped (its `if` was false, or a retry-from run reused its earlier output). */
export interface StepSkippedEvent extends StepEventBase {
  /** Discriminator. */
  type: 'step.skipped'
  /** Why. */
  reason: 'condition' | 'retry_from'
  /** Output. */
  output?: unknown
}
/** A step was cancelled. */
export interface StepCancelledEvent extends StepEventBase {
  /** Discriminator. */
  type: 'step.cancelled'
  /** Why. */
  reason: string
}
/** A failed attempt will be retried after `delayMs`. */
export interface StepRetryingEvent extends StepEventBase {
  /** Discriminator. */
  type: 'step.retrying'
  /** What went wrong. */
  error: ExecutionError
  /** Delay before the next attempt. */
  delayMs: number
  /** Number of the next attempt. */
  nextAttempt: number
}
/** A step waits (approval, timer, or a container whose child waits). */
export interface StepWaitingEvent extends StepEventBase {
  /** Discriminator. */
  type: 'step.waiting'
  /** What it waits for. */
  waitingFor: WaitingFor
}

/** An agent turn (one model attempt) started. */
export interface AgentTurnStartedEvent extends StepEventBase {
  /** Discriminator. */
  type: 'agent.turn.started'
  /** Id of the agent turn. */
  turnId: string
  /** The prompt. */
  prompt: string
  /** Model name. */
  model: string
  /** Why this turn exists when it is not the step's first: the previous model failed (`failover`) or its reply did not match `outputSchema` (`repair`). */
  cause?: 'failover' | 'repair'
  /** The turn this one replaces (that turn ended `cancelled`). */
  supersedes?: string
}
/** Streamed text. */
export interface AgentTextDeltaEvent extends StepEventBase {
  /** Discriminator. */
  type: 'agent.text.delta'
  /** Id of the agent turn. */
  turnId: string
  /** Streamed text piece. */
  delta: string
}
/** Streamed reasoning. */
export interface AgentReasoningDeltaEvent extends StepEventBase {
  /** Discriminator. */
  type: 'agent.reasoning.delta'
  /** Id of the agent turn. */
  turnId: string
  /** Streamed text piece. */
  delta: string
}
/** The model called a tool. */
export interface AgentToolCallEvent extends StepEventBase {
  /** Discriminator. */
  type: 'agent.tool.call'
  /** Id of the agent turn. */
  turnId: string
  /** Tool call id. */
  toolCallId: string
  /** Tool name. */
  toolName: string
  /** Resolved input of the step. */
  input: unknown
}
/** A tool returned. */
export interface AgentToolResultEvent extends StepEventBase {
  /** Discriminator. */
  type: 'agent.tool.result'
  /** Id of the agent turn. */
  turnId: string
  /** Tool call id. */
  toolCallId: string
  /** Tool name. */
  toolName: string
  /** Output. */
  output: unknown
  /** Whether the tool failed. */
  isError?: boolean
}
/** An agent turn ended. `cancelled` marks a superseded attempt (failover or structured-output repair). */
export interface AgentTurnFinishedEvent extends StepEventBase {
  /** Discriminator. */
  type: 'agent.turn.finished'
  /** Id of the agent turn. */
  turnId: string
  /** `completed`, `cancelled` (superseded by failover or repair), or `error`. */
  reason: 'completed' | 'cancelled' | 'error'
  /** Token usage of the turn. */
  usage?: TokenUsage
  /** Error of a failed turn. */
  error?: ExecutionError
}

/** An approval was requested. */
export interface ApprovalRequestedEvent extends StepEventBase {
  /** Discriminator. */
  type: 'approval.requested'
  /** The prompt. */
  prompt: string
  /** Secret token for link approvals. */
  token: string
  /** ISO time it expires. */
  expiresAt?: string
  /** The tool call awaiting the decision, when the tool policy asked for it. */
  tool?: PendingToolCall
}
/** The tool policy refused a tool call before it had any effect. */
export interface PolicyDeniedEvent extends StepEventBase {
  /** Discriminator. */
  type: 'policy.denied'
  /** The tool. */
  tool: string
  /** Its risk level. */
  risk: RiskLevel
  /**
   * Why: `policy` (the policy says deny), `in_execution` (agents inside an execution may not
   * change workflows or decide approvals), `reviewer` (a person denied it), `arguments_changed`
   * (the call differs from the one allowed).
   */
  reason: 'policy' | 'in_execution' | 'reviewer' | 'arguments_changed'
  /** The agent's tool call id, when an agent made the call. */
  toolCallId?: string
}
/** An approval was decided. */
export interface ApprovalDecidedEvent extends StepEventBase {
  /** Discriminator. */
  type: 'approval.decided'
  /** The decision. */
  decision: ApprovalDecision
}
/** An approval timed out. */
export interface ApprovalExpiredEvent extends StepEventBase {
  /** Discriminator. */
  type: 'approval.expired'
  /** Rule applied on timeout. */
  onTimeout: 'deny' | 'approve' | 'fail'
}
/** A notification was handed to a notifier. */
export interface NotifySentEvent extends StepEventBase {
  /** Discriminator. */
  type: 'notify.sent'
  /** Notifier target. */
  target: string
  /** Whether the notifier reported delivery. */
  delivered: boolean
  /** What went wrong. */
  error?: string
}
/** An expression referenced a missing path (rendered empty). */
export interface ExpressionWarningEvent extends StepEventBase {
  /** Discriminator. */
  type: 'expression.warning'
  /** JSON Pointer of the field. */
  field: string
  /** The expression. */
  expression: string
  /** Explanation. */
  message: string
}

/** Token counts of a model call. */
export interface TokenUsage {
  /** Input tokens. */
  inputTokens?: number
  /** Output tokens. */
  outputTokens?: number
}

/** Every event of an execution, one discriminated union on `type`. */
export type StepwiseEvent =
  | ExecutionStartedEvent
  | ExecutionResumedEvent
  | ExecutionWaitingEvent
  | ExecutionCompletedEvent
  | ExecutionFailedEvent
  | ExecutionCancelledEvent
  | StepStartedEvent
  | StepCompletedEvent
  | StepFailedEvent
  | StepSkippedEvent
  | StepCancelledEvent
  | StepRetryingEvent
  | StepWaitingEvent
  | AgentTurnStartedEvent
  | AgentTextDeltaEvent
  | AgentReasoningDeltaEvent
  | AgentToolCallEvent
  | AgentToolResultEvent
  | AgentTurnFinishedEvent
  | ApprovalRequestedEvent
  | PolicyDeniedEvent
  | ApprovalDecidedEvent
  | ApprovalExpiredEvent
  | NotifySentEvent
  | ExpressionWarningEvent

/** The `type` of any {@link StepwiseEvent}. */
export type StepwiseEventType = StepwiseEvent['type']

/** The event member with the given type. */
export type EventOfType<T extends StepwiseEventType> = Extract<StepwiseEvent, TypeTag<T>>

/** Matches the event member whose `type` is `T`. */
export interface TypeTag<T extends StepwiseEventType> {
  /** The event type. */
  type: T
}

/** Event types that end an execution's event stream. */
export const TERMINAL_EVENT_TYPES: ReadonlySet<StepwiseEventType> = new Set([
  'execution.completed',
  'execution.failed',
  'execution.cancelled',
])

/** Maps a terminal event type to the execution status it records. */
export function statusOfTerminalEvent(type: StepwiseEventType): ExecutionStatus | undefined {
  if (type === 'execution.completed') return 'completed'
  if (type === 'execution.failed') return 'failed'
  if (type === 'execution.cancelled') return 'cancelled'
  return undefined
}

/**
 * A trigger evaluation was recorded in the delivery log (trigger-level, not part of any
 * execution's log: no `seq`, not replayed by `engine.events`). Subscribe with
 * `engine.on('trigger.delivery', handler)`; `'*'` covers execution events only.
 */
export interface TriggerDeliveryEvent {
  /** Discriminator. */
  type: 'trigger.delivery'
  /** ISO time it was recorded. */
  at: string
  /** The trigger. */
  triggerId: string
  /** Its name. */
  triggerName: string
  /** Its type (`manual`, `schedule`, `webhook`, `event`). */
  triggerType: string
  /** The workflow it targets, if any. */
  workflowId?: string
  /** `matched`, `no_match`, `duplicate`, `concurrency_cap`, `workflow_missing`, `invalid_signature` or `error`. */
  outcome: string
  /** Why, when it did not match. */
  reason?: string
  /** The execution started or found. */
  executionId?: string
  /** The delivery id. */
  deliveryId?: string
  /** True for test fires. */
  test?: boolean
  /** The delivery log record's id. */
  deliveryRecordId: string
}

/** An event without the fields the engine fills in (`seq`, `executionId`, `workflowId`, `at`). */
export type EventInput = StepwiseEvent extends infer E ? (E extends StepwiseEvent ? Omit<E, keyof EventBase> : never) : never
