/**
 * @module
 * Agent turns rebuilt from `agent.*` events: each model attempt of an `agent_prompt` step is a
 * turn with its streamed text, reasoning and tool calls. Pure functions, no React.
 */
import type {
  AgentReasoningDeltaEvent,
  AgentTextDeltaEvent,
  AgentToolCallEvent,
  AgentToolResultEvent,
  AgentTurnFinishedEvent,
  AgentTurnStartedEvent,
  ExecutionError,
  StepwiseEvent,
  TokenUsage,
} from '../index.js'

/** A tool call made during an agent turn. */
export interface AgentToolCallState {
  /** Tool call id (unique within the turn). */
  toolCallId: string
  /** Tool name. */
  toolName: string
  /** Arguments the model passed. */
  input: unknown
  /** `calling` until the result arrives, then `done`. */
  status: 'calling' | 'done'
  /** What the tool returned. */
  output?: unknown
  /** Whether the tool failed. */
  isError?: boolean
}

/** One model attempt of an `agent_prompt` step, as far as its events have arrived. */
export interface AgentTurn {
  /** Id of the turn. */
  turnId: string
  /** The execution. */
  executionId: string
  /** The agent step. */
  stepId: string
  /** Iteration path of the step instance. */
  iterationPath: string
  /** Step attempt the turn belongs to. */
  attempt: number
  /** Model name. */
  model: string
  /** The user text of this turn (the step's prompt, or a repair message). */
  prompt: string
  /** Why the turn exists when it is not the step's first. */
  cause?: 'failover' | 'repair'
  /** The turn this one replaces. */
  supersedes?: string
  /** `streaming` until `agent.turn.finished`; then `completed`, `cancelled` (superseded) or `error`. */
  status: 'streaming' | 'completed' | 'cancelled' | 'error'
  /** Text streamed so far. */
  text: string
  /** Reasoning streamed so far. */
  reasoning: string
  /** Tool calls in the order they were made. */
  toolCalls: readonly AgentToolCallState[]
  /** Token usage, once the turn finished. */
  usage?: TokenUsage
  /** Error of a failed turn. */
  error?: ExecutionError
  /** ISO time the turn started. */
  startedAt: string
  /** ISO time it finished. */
  endedAt?: string
}

/** The `agent.*` events. */
export type AgentEvent = AgentTurnStartedEvent | AgentTextDeltaEvent | AgentReasoningDeltaEvent | AgentToolCallEvent | AgentToolResultEvent | AgentTurnFinishedEvent

/** Whether an event belongs to an agent turn. */
export function isAgentEvent(event: StepwiseEvent): event is AgentEvent {
  return event.type.startsWith('agent.') && 'turnId' in event
}

function emptyTurn(event: AgentEvent): AgentTurn {
  return {
    turnId: event.turnId,
    executionId: event.executionId,
    stepId: event.stepId,
    iterationPath: event.iterationPath,
    attempt: event.attempt,
    model: '',
    prompt: '',
    status: 'streaming',
    text: '',
    reasoning: '',
    toolCalls: [],
    startedAt: event.at,
  }
}

/**
 * Applies one agent event to its turn and returns the new turn object (the old one is not
 * changed). A turn whose `agent.turn.started` was not seen is created from the first event.
 */
export function reduceAgentTurn(turn: AgentTurn | undefined, event: AgentEvent): AgentTurn {
  const base = turn ?? emptyTurn(event)
  switch (event.type) {
    case 'agent.turn.started': {
      const next: AgentTurn = { ...base, model: event.model, prompt: event.prompt, startedAt: event.at }
      if (event.cause !== undefined) next.cause = event.cause
      if (event.supersedes !== undefined) next.supersedes = event.supersedes
      return next
    }
    case 'agent.text.delta':
      return { ...base, text: base.text + event.delta }
    case 'agent.reasoning.delta':
      return { ...base, reasoning: base.reasoning + event.delta }
    case 'agent.tool.call':
      if (base.toolCalls.some((call) => call.toolCallId === event.toolCallId)) return base
      return { ...base, toolCalls: [...base.toolCalls, { toolCallId: event.toolCallId, toolName: event.toolName, input: event.input, status: 'calling' }] }
    case 'agent.tool.result': {
      const result: AgentToolCallState = { toolCallId: event.toolCallId, toolName: event.toolName, input: undefined, status: 'done', output: event.output }
      if (event.isError === true) result.isError = true
      const known = base.toolCalls.some((call) => call.toolCallId === event.toolCallId)
      const toolCalls = known
        ? base.toolCalls.map((call) => (call.toolCallId === event.toolCallId ? { ...result, input: call.input } : call))
        : [...base.toolCalls, result]
      return { ...base, toolCalls }
    }
    case 'agent.turn.finished': {
      const next: AgentTurn = { ...base, status: event.reason, endedAt: event.at }
      if (event.usage !== undefined) next.usage = event.usage
      if (event.error !== undefined) next.error = event.error
      return next
    }
    default:
      return base
  }
}

/** The turns of one step instance split into the current one and the superseded ones before it. */
export interface StepTurns {
  /** The newest turn that was not superseded (the one to show), if any. */
  current: AgentTurn | undefined
  /** Earlier turns: superseded attempts (failover, repair) and turns of earlier step attempts. */
  previous: AgentTurn[]
}

/**
 * Splits the turns of one step instance (already filtered by step and iteration, in arrival
 * order) into the current turn and the previous attempts.
 */
export function splitTurns(turns: readonly AgentTurn[]): StepTurns {
  if (turns.length === 0) return { current: undefined, previous: [] }
  // Stable sort: turns of one attempt keep the order their events arrived in.
  const ordered = [...turns].sort((a, b) => a.attempt - b.attempt)
  const current = ordered[ordered.length - 1]
  return { current, previous: ordered.slice(0, -1) }
}

/** The turns of one step instance (`executionId`, `stepId`, `iterationPath`), in arrival order. */
export function turnsOfStep(turns: readonly AgentTurn[], step: { executionId: string; stepId: string; iterationPath: string }): AgentTurn[] {
  return turns.filter((turn) => turn.executionId === step.executionId && turn.stepId === step.stepId && turn.iterationPath === step.iterationPath)
}
