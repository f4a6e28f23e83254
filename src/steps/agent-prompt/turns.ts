/**
 * @module
 * The turns of one `agent_prompt` attempt: each model attempt is a turn with its own `turnId`,
 * streamed part by part into `agent.*` events (no coalescing) and closed by exactly one
 * `agent.turn.finished`. When the step's signal aborts (timeout, cancel), the open turn is
 * finished at once, so no agent event follows the step's own end.
 */
import { randomBytes } from 'node:crypto'
import type { AgentFinishPart, AgentMessage, AgentPart, AgentUsage } from '../../adapters/model/agent-runner.js'
import { emptyCompletionError } from '../../adapters/model/model-errors.js'
import { interactiveToolError } from '../../adapters/model/interactive-tools.js'
import type { ExecutionError } from '../../engine/records.js'
import type { StepContext } from '../../engine/step-type.js'
import { StepwiseError } from '../../errors/stepwise-error.js'
import type { AgentPromptStep } from './schema.js'

/** What a streamed turn produced. */
export interface TurnResult {
  /** The turn id. */
  turnId: string
  /** Model name. */
  model: string
  /** Full text. */
  text: string
  /** Messages the turn added (assistant replies, tool results). */
  messages: AgentMessage[]
}

/** How a turn starts. */
export interface TurnStart {
  /** Model name. */
  model: string
  /** The user text of this turn (the step's prompt, or a repair message). */
  prompt: string
  /** Why the turn exists when it is not the first. */
  cause?: 'failover' | 'repair'
  /** The turn it replaces. */
  supersedes?: string
}

/** Turns of one step attempt; sums usage over all of them. */
export class TurnRecorder {
  readonly usage = { inputTokens: 0, outputTokens: 0 }
  readonly #context: StepContext<AgentPromptStep>
  readonly #prefix: string
  #count = 0
  #open: string | undefined
  #closed = false
  readonly #onAbort: () => void

  constructor(context: StepContext<AgentPromptStep>) {
    this.#context = context
    // Unique even when a step interrupted by a crash runs again with the same attempt number.
    this.#prefix = `${context.idempotencyKey}#${context.attempt}.${randomBytes(3).toString('hex')}.`
    this.#onAbort = () => {
      const error = StepwiseError.from(context.signal.reason, 'CANCELLED')
      this.finish(error.code === 'CANCELLED' ? 'cancelled' : 'error', { code: error.code, message: error.message })
      this.#closed = true
    }
    context.signal.addEventListener('abort', this.#onAbort, { once: true })
  }

  /** Stops listening to the step's signal. */
  dispose(): void {
    this.#context.signal.removeEventListener('abort', this.#onAbort)
  }

  /** Emits `agent.turn.started` and returns the new turn id. */
  start(turn: TurnStart): string {
    const turnId = `${this.#prefix}${++this.#count}`
    this.#open = turnId
    if (this.#closed) return turnId
    const event: { type: 'agent.turn.started'; turnId: string; prompt: string; model: string; cause?: 'failover' | 'repair'; supersedes?: string } = { type: 'agent.turn.started', turnId, prompt: turn.prompt, model: turn.model }
    if (turn.cause !== undefined) event.cause = turn.cause
    if (turn.supersedes !== undefined) event.supersedes = turn.supersedes
    this.#context.emit(event)
    return turnId
  }

  /** Emits `agent.turn.finished` for the open turn (once). */
  finish(reason: 'completed' | 'cancelled' | 'error', error?: ExecutionError, usage?: AgentUsage): void {
    const turnId = this.#open
    if (turnId === undefined || this.#closed) return
    this.#open = undefined
    const event: { type: 'agent.turn.finished'; turnId: string; reason: typeof reason; usage?: AgentUsage; error?: ExecutionError } = { type: 'agent.turn.finished', turnId, reason }
    if (usage !== undefined) event.usage = usage
    if (error !== undefined) event.error = error
    this.#context.emit(event)
  }

  /**
   * Streams a runner's parts into events. Throws the interactive-tool error when the model calls
   * one of `interactive`, and an empty-completion error when it produced neither text nor a call.
   */
  async stream(parts: AsyncIterable<AgentPart>, turnId: string, model: string, interactive: ReadonlySet<string>): Promise<TurnResult & { usage: AgentUsage }> {
    const context = this.#context
    let text = ''
    let calls = 0
    let finish: AgentFinishPart | undefined
    for await (const part of parts) {
      if (this.#closed) break
      switch (part.type) {
        case 'text-delta':
          text += part.delta
          context.emit({ type: 'agent.text.delta', turnId, delta: part.delta })
          break
        case 'reasoning-delta':
          context.emit({ type: 'agent.reasoning.delta', turnId, delta: part.delta })
          break
        case 'tool-call':
          calls += 1
          context.emit({ type: 'agent.tool.call', turnId, toolCallId: part.toolCallId, toolName: part.toolName, input: part.input })
          if (interactive.has(part.toolName)) throw interactiveToolError(part.toolName, part.input)
          break
        case 'tool-result':
          context.emit(
            part.isError === true
              ? { type: 'agent.tool.result', turnId, toolCallId: part.toolCallId, toolName: part.toolName, output: part.output, isError: true }
              : { type: 'agent.tool.result', turnId, toolCallId: part.toolCallId, toolName: part.toolName, output: part.output },
          )
          break
        case 'finish':
          finish = part
          break
        default:
          break
      }
    }
    if (context.signal.aborted) throw context.signal.reason
    const usage = { inputTokens: finish?.usage?.inputTokens ?? 0, outputTokens: finish?.usage?.outputTokens ?? 0 }
    this.usage.inputTokens += usage.inputTokens
    this.usage.outputTokens += usage.outputTokens
    if (text === '' && calls === 0) throw emptyCompletionError(model)
    const answer = finish?.text ?? text
    const messages = finish?.messages !== undefined && finish.messages.length > 0 ? [...finish.messages] : [{ role: 'assistant' as const, content: answer }]
    return { turnId, model, text: answer, messages, usage }
  }
}
