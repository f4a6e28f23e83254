import type { ApprovalDecision, ExecutionError, ExecutionStatus, WaitingFor } from './records.js'

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
export interface ExecutionStartedEvent extends EventBase { type: 'execution.started'; variables: Record<string, unknown> }
/** The execution continued after a wait (approval, timer, restart). */
export interface ExecutionResumedEvent extends EventBase { type: 'execution.resumed' }
/** The execution paused durably. */
export interface ExecutionWaitingEvent extends EventBase { type: 'execution.waiting'; waitingFor: WaitingFor }
/** The execution completed. */
export interface ExecutionCompletedEvent extends EventBase { type: 'execution.completed'; outputs: Record<string, unknown>; output?: unknown }
/** The execution failed. */
export interface ExecutionFailedEvent extends EventBase { type: 'execution.failed'; error: ExecutionError }
/** The execution was cancelled. */
export interface ExecutionCancelledEvent extends EventBase { type: 'execution.cancelled'; error: ExecutionError }

/** A step instance started. */
export interface StepStartedEvent extends StepEventBase { type: 'step.started'; input?: unknown }
/** A step instance completed. */
export interface StepCompletedEvent extends StepEventBase { type: 'step.completed'; output?: unknown; durationMs: number }
/** A step instance failed. */
export interface StepFailedEvent extends StepEventBase { type: 'step.failed'; error: ExecutionError; durationMs: number }
/** A step was skipped (its `if` was false, or a retry-from run reused its earlier output). */
export interface StepSkippedEvent extends StepEventBase { type: 'step.skipped'; reason: 'condition' | 'retry_from'; output?: unknown }
/** A step was cancelled. */
export interface StepCancelledEvent extends StepEventBase { type: 'step.cancelled'; reason: string }
/** A failed attempt will be retried after `delayMs`. */
export interface StepRetryingEvent extends StepEventBase { type: 'step.retrying'; error: ExecutionError; delayMs: number; nextAttempt: number }
/** A step waits (approval, timer, or a container whose child waits). */
export interface StepWaitingEvent extends StepEventBase { type: 'step.waiting'; waitingFor: WaitingFor }

/** An agent turn (one model attempt) started. */
export interface AgentTurnStartedEvent extends StepEventBase { type: 'agent.turn.started'; turnId: string; prompt: string; model: string }
/** Streamed text. */
export interface AgentTextDeltaEvent extends StepEventBase { type: 'agent.text.delta'; turnId: string; delta: string }
/** Streamed reasoning. */
export interface AgentReasoningDeltaEvent extends StepEventBase { type: 'agent.reasoning.delta'; turnId: string; delta: string }
/** The model called a tool. */
export interface AgentToolCallEvent extends StepEventBase { type: 'agent.tool.call'; turnId: string; toolCallId: string; toolName: string; input: unknown }
/** A tool returned. */
export interface AgentToolResultEvent extends StepEventBase { type: 'agent.tool.result'; turnId: string; toolCallId: string; toolName: string; output: unknown; isError?: boolean }
/** An agent turn ended. `cancelled` marks a superseded attempt (failover or structured-output repair). */
export interface AgentTurnFinishedEvent extends StepEventBase {
  type: 'agent.turn.finished'
  turnId: string
  reason: 'completed' | 'cancelled' | 'error'
  usage?: { inputTokens?: number; outputTokens?: number }
  error?: ExecutionError
}

/** An approval was requested. */
export interface ApprovalRequestedEvent extends StepEventBase { type: 'approval.requested'; prompt: string; token: string; expiresAt?: string }
/** An approval was decided. */
export interface ApprovalDecidedEvent extends StepEventBase { type: 'approval.decided'; decision: ApprovalDecision }
/** An approval timed out. */
export interface ApprovalExpiredEvent extends StepEventBase { type: 'approval.expired'; onTimeout: 'deny' | 'approve' | 'fail' }
/** A notification was handed to a notifier. */
export interface NotifySentEvent extends StepEventBase { type: 'notify.sent'; target: string; delivered: boolean; error?: string }
/** An expression referenced a missing path (rendered empty). */
export interface ExpressionWarningEvent extends StepEventBase { type: 'expression.warning'; field: string; expression: string; message: string }

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
  | ApprovalDecidedEvent
  | ApprovalExpiredEvent
  | NotifySentEvent
  | ExpressionWarningEvent

/** The `type` of any {@link StepwiseEvent}. */
export type StepwiseEventType = StepwiseEvent['type']

/** The event member with the given type. */
export type EventOfType<T extends StepwiseEventType> = Extract<StepwiseEvent, { type: T }>

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

/** An event without the fields the engine fills in (`seq`, `executionId`, `workflowId`, `at`). */
export type EventInput = StepwiseEvent extends infer E ? (E extends StepwiseEvent ? Omit<E, keyof EventBase> : never) : never
