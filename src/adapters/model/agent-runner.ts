/**
 * @module
 * The agent runner contract: what an `agent_prompt` step asks of an agent runtime. The AI SDK
 * runtime ({@link aiSdkAgent}) implements it; a host with its own agent passes another
 * implementation as `createEngine({ agent })`. This file has no AI SDK import.
 */
import type { ToolCallContext } from '../tools/call-tool.js'
import type { ToolMap } from '../../engine/services.js'

/**
 * One message of a conversation, JSON-serialisable. The AI SDK runner exchanges AI SDK
 * `ModelMessage`s in this shape (`{ role, content }` where `content` is text or an array of parts).
 */
export interface AgentMessage {
  /** Who said it. */
  role: 'system' | 'user' | 'assistant' | 'tool'
  /** Text, or an array of content parts (`{ type: 'text', text }`, tool calls, tool results…). */
  content: string | readonly object[]
}

/** Token usage of one turn. */
export interface AgentUsage {
  /** Prompt tokens. */
  inputTokens?: number
  /** Completion tokens. */
  outputTokens?: number
}

/** A piece of streamed text. */
export interface AgentTextDeltaPart {
  /** Discriminator. */
  type: 'text-delta'
  /** The text. */
  delta: string
}

/** A piece of streamed reasoning. */
export interface AgentReasoningDeltaPart {
  /** Discriminator. */
  type: 'reasoning-delta'
  /** The reasoning text. */
  delta: string
}

/** The model called a tool. */
export interface AgentToolCallPart {
  /** Discriminator. */
  type: 'tool-call'
  /** Id of the call. */
  toolCallId: string
  /** Tool name. */
  toolName: string
  /** Tool input. */
  input: unknown
}

/** A tool returned (or failed, with `isError`). */
export interface AgentToolResultPart {
  /** Discriminator. */
  type: 'tool-result'
  /** Id of the call. */
  toolCallId: string
  /** Tool name. */
  toolName: string
  /** The result, or the error message. */
  output: unknown
  /** Whether the tool failed. */
  isError?: boolean
}

/** The turn ended; always the last part. */
export interface AgentFinishPart {
  /** Discriminator. */
  type: 'finish'
  /** The answer: the text of the turn's last model call that wrote text (default: every text delta, joined). */
  text?: string
  /** Usage of the whole turn (every model call of its tool loop). */
  usage?: AgentUsage
  /** Why the model stopped (`stop`, `tool-calls`, `length`…). */
  finishReason?: string
  /**
   * The messages the turn added after the request's messages (assistant replies and tool
   * results). Stored in the step's thread; when absent, the engine stores the answer as one
   * assistant message.
   */
  messages?: readonly AgentMessage[]
}

/** What a runner yields while a turn streams, in order. */
export type AgentPart = AgentTextDeltaPart | AgentReasoningDeltaPart | AgentToolCallPart | AgentToolResultPart | AgentFinishPart

/** One turn as the engine asks a runner to run it. */
export interface AgentTurnRequest {
  /** Id of the turn, as carried by the `agent.*` events. */
  turnId: string
  /** Model name: the step's `model` (default `default`) or one of its `fallbackModels`. */
  model: string
  /** The engine's model map (`createEngine({ models })`). */
  models: Readonly<Record<string, unknown>>
  /** System prompt (the persona text, then the step's rendered `system`). */
  system?: string
  /** The conversation: the thread's history, then this step's user message (and repair exchanges). */
  messages: readonly AgentMessage[]
  /**
   * The tools the step allows, by name. Interactive tools come without `execute`: when the
   * model calls one, the engine fails the step.
   */
  tools: ToolMap
  /** Bound on model calls in the tool loop. */
  maxSteps: number
  /** JSON Schema of the reply when the step has an `outputSchema` (the prompt already asks for it). */
  outputSchema?: Record<string, unknown>
  /** Aborts on cancel, step timeout or interrupt: pass it to the model call and the tools. */
  signal: AbortSignal
  /** Back-pointers for tools (`experimental_context`). */
  context: ToolCallContext
}

/**
 * An agent runtime. `run` streams one turn as {@link AgentPart}s and ends with a `finish` part.
 * To fail a turn, throw: an error that is retriable for failover (`isRetryable: true`, an HTTP
 * `statusCode`/`status` of 401, 403, 404, 408, 409, 429 or 5xx, or a message about rate limits,
 * quota, overload, authentication or an unsupported model) makes the engine try the step's next
 * `fallbackModels` entry; any other error fails the step.
 *
 * @example
 * ```ts
 * const agent: AgentRunner = {
 *   personas: { reviewer: 'You review code.' },
 *   async *run(request) {
 *     const reply = await myAgent.ask(request.messages, { signal: request.signal })
 *     yield { type: 'text-delta', delta: reply.text }
 *     yield { type: 'finish', usage: { inputTokens: reply.inTokens, outputTokens: reply.outTokens } }
 *   },
 * }
 * const engine = createEngine({ agent })
 * ```
 */
export interface AgentRunner {
  /** Personas by name: the text becomes the system prompt of steps naming it in `persona`. */
  readonly personas?: Readonly<Record<string, string>>
  /** Whether `model` names must be keys of the engine's model map (default `false` for custom runners). */
  readonly requiresModelMap?: boolean
  /** Runs one turn. */
  run(request: AgentTurnRequest): AsyncIterable<AgentPart>
}
