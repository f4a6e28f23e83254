/**
 * @module
 * Model failover of `agent_prompt`: the step's `model`, then its `fallbackModels` in order, on
 * retriable provider errors (see `isRetriableModelError`). Each model attempt is its own turn;
 * a superseded one ends `cancelled`. Timeouts, aborts and other errors stop at once.
 */
import type { AgentMessage, AgentRunner, AgentTurnRequest, AgentUsage } from '../../adapters/model/agent-runner.js'
import { describeModelError, isEmptyCompletion, isRetriableModelError } from '../../adapters/model/model-errors.js'
import { StepwiseError } from '../../errors/stepwise-error.js'
import type { TurnRecorder, TurnResult } from './turns.js'

/** The model chain of a step: `model` (default `default`), then `fallbackModels`, without repeats. */
export function modelChain(model: string | undefined, fallbackModels: readonly string[] | undefined): string[] {
  return [...new Set([model ?? 'default', ...(fallbackModels ?? [])])]
}

/** Everything of a turn request except what changes per turn. */
export type TurnTemplate = Omit<AgentTurnRequest, 'turnId' | 'model' | 'messages' | 'signal'>

/** Inputs of {@link runWithFailover}. */
export interface FailoverInput {
  /** The runner. */
  runner: AgentRunner
  /** Request fields shared by every turn. */
  template: TurnTemplate
  /** Model names, in order. */
  chain: readonly string[]
  /** Index in `chain` to start from (a repair continues on the model that answered). */
  from: number
  /** The conversation to send. */
  messages: readonly AgentMessage[]
  /** User text of the turn (for `agent.turn.started`). */
  prompt: string
  /** Why the first turn of this call exists. */
  cause?: 'repair'
  /** The turn it replaces. */
  supersedes?: string
  /** Aborts the turn (step signal, thread interrupt). */
  signal: AbortSignal
  /** Tools that end the step when called. */
  interactive: ReadonlySet<string>
}

/** A turn that answered, with the index of its model in the chain. */
export interface FailoverResult extends TurnResult {
  /** Index in the chain. */
  index: number
  /** Usage of the answering turn. */
  usage: AgentUsage
}

/**
 * Runs a turn on `chain[from]`, moving down the chain on retriable errors. The answering turn is
 * left open (the caller finishes it after checking the reply); failing turns are finished here.
 */
export async function runWithFailover(turns: TurnRecorder, input: FailoverInput): Promise<FailoverResult> {
  const failures: string[] = []
  let cause: 'failover' | 'repair' | undefined = input.cause
  let supersedes = input.supersedes
  for (let index = input.from; index < input.chain.length; index++) {
    const model = input.chain[index]
    const turnId = turns.start({ model, prompt: input.prompt, ...(cause === undefined ? {} : { cause }), ...(supersedes === undefined ? {} : { supersedes }) })
    const controller = new AbortController()
    const signal = AbortSignal.any([input.signal, controller.signal])
    try {
      const parts = input.runner.run({ ...input.template, turnId, model, messages: input.messages, signal })
      const result = await turns.stream(parts, turnId, model, input.interactive)
      return { ...result, index }
    } catch (error) {
      controller.abort()
      if (input.signal.aborted) {
        const reason = StepwiseError.from(input.signal.reason, 'CANCELLED')
        turns.finish('cancelled', { code: reason.code, message: reason.message })
        throw reason
      }
      const description = describeModelError(error)
      failures.push(`${model}: ${description}`)
      if (isRetriableModelError(error) && index + 1 < input.chain.length) {
        turns.finish('cancelled', { code: 'MODEL_FAILED', message: description })
        cause = 'failover'
        supersedes = turnId
        continue
      }
      const failure = StepwiseError.isInstance(error) && !isEmptyCompletion(error)
        ? error
        : new StepwiseError('MODEL_FAILED', failures.length === 1 ? `Model "${model}" failed: ${description}` : `Every model failed: ${failures.join('; ')}`, {
            cause: error,
            retryable: isRetriableModelError(error),
            details: { models: input.chain.slice(input.from, index + 1) },
          })
      turns.finish('error', { code: failure.code, message: failure.message })
      throw failure
    }
  }
  throw new StepwiseError('MODEL_FAILED', 'No model to run.', { retryable: false })
}
