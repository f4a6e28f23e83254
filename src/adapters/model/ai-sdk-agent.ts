/**
 * @module
 * The default agent runtime: the AI SDK's `streamText` over the engine's model map. Every AI SDK
 * call of stepwise lives in `src/adapters/model/`, so a move to the next AI SDK major touches
 * only this folder.
 */
import { jsonSchema, Output, stepCountIs, streamText, type LanguageModel, type ModelMessage, type ToolSet } from 'ai'
import { StepwiseError } from '../../errors/stepwise-error.js'
import type { AgentMessage, AgentPart, AgentRunner, AgentTurnRequest } from './agent-runner.js'
import { interactiveToolError } from './interactive-tools.js'

/** Options of {@link aiSdkAgent}. */
export interface AiSdkAgentOptions {
  /**
   * Retries the AI SDK makes itself on a retryable provider error, before the engine moves to
   * the next fallback model (default 2, the AI SDK's default). Tests pass 0.
   */
  maxRetries?: number
  /** Personas by name: the text becomes the system prompt of steps naming it in `persona`. */
  personas?: Readonly<Record<string, string>>
  /**
   * Ask for the AI SDK's structured output (a JSON response format carrying the schema) when the
   * step has an `outputSchema` (default `true`). Set `false` for providers that reject it; the
   * prompt states the shape either way and the reply is parsed tolerantly.
   */
  structuredOutput?: boolean
}

function resolveModel(request: AgentTurnRequest): LanguageModel {
  const value = Object.hasOwn(request.models, request.model) ? request.models[request.model] : undefined
  if (value === undefined || value === null || (typeof value !== 'string' && typeof value !== 'object')) {
    const known = Object.keys(request.models)
    throw new StepwiseError('MODEL_FAILED', `Unknown model "${request.model}". Known models: ${known.length === 0 ? '(none)' : known.join(', ')}. Pass createEngine({ models: { ${request.model}: … } }).`, {
      retryable: false,
      details: { model: request.model },
    })
  }
  return value as LanguageModel
}

/**
 * The AI SDK agent runtime, used by every `agent_prompt` step unless the host passes its own
 * `agent`. Pass it explicitly to set options.
 *
 * @example
 * ```ts
 * const engine = createEngine({
 *   models: { default: openai('gpt-5-mini') },
 *   agent: aiSdkAgent({ personas: { reviewer: 'You are a strict code reviewer.' } }),
 * })
 * ```
 */
export function aiSdkAgent(options: AiSdkAgentOptions = {}): AgentRunner {
  const maxRetries = options.maxRetries ?? 2
  const structured = options.structuredOutput ?? true
  return {
    ...(options.personas === undefined ? {} : { personas: options.personas }),
    requiresModelMap: true,
    run: (request) => runTurn(request, maxRetries, structured),
  }
}

async function* runTurn(request: AgentTurnRequest, maxRetries: number, structured: boolean): AsyncIterable<AgentPart> {
  const model = resolveModel(request)
  let failure: unknown
  const result = streamText({
    model,
    ...(request.system === undefined ? {} : { system: request.system }),
    messages: request.messages as ModelMessage[],
    tools: request.tools as ToolSet,
    stopWhen: stepCountIs(request.maxSteps),
    maxRetries,
    abortSignal: request.signal,
    experimental_context: request.context,
    ...(request.outputSchema !== undefined && structured ? { output: Output.object({ schema: jsonSchema(request.outputSchema) }) } : {}),
    onError: ({ error }) => {
      failure ??= error
    },
  })
  let usage = { inputTokens: 0, outputTokens: 0 }
  let finishReason = 'unknown'
  let stepText = ''
  let answer = ''
  for await (const part of result.fullStream) {
    switch (part.type) {
      case 'text-delta':
        if (part.text.length === 0) break
        stepText += part.text
        yield { type: 'text-delta', delta: part.text }
        break
      case 'finish-step':
        if (stepText !== '') answer = stepText
        stepText = ''
        break
      case 'reasoning-delta':
        if (part.text.length > 0) yield { type: 'reasoning-delta', delta: part.text }
        break
      case 'tool-call':
        yield { type: 'tool-call', toolCallId: part.toolCallId, toolName: part.toolName, input: part.input }
        break
      case 'tool-result':
        if (part.preliminary !== true) yield { type: 'tool-result', toolCallId: part.toolCallId, toolName: part.toolName, output: part.output }
        break
      case 'tool-error':
        yield { type: 'tool-result', toolCallId: part.toolCallId, toolName: part.toolName, output: part.error instanceof Error ? part.error.message : String(part.error), isError: true }
        break
      case 'tool-approval-request':
        throw interactiveToolError(part.toolCall.toolName, part.toolCall.input, 'needs a human approval (needsApproval)')
      case 'finish':
        finishReason = part.finishReason
        usage = { inputTokens: part.totalUsage.inputTokens ?? 0, outputTokens: part.totalUsage.outputTokens ?? 0 }
        break
      case 'error':
        failure ??= part.error
        break
      case 'abort':
        throw request.signal.aborted ? request.signal.reason : new StepwiseError('CANCELLED', 'The model call was aborted.')
      default:
        break
    }
    if (failure !== undefined) break
  }
  if (request.signal.aborted) throw request.signal.reason
  if (failure !== undefined) throw failure
  const response = await result.response
  yield { type: 'finish', text: stepText !== '' ? stepText : answer, usage, finishReason, messages: response.messages as AgentMessage[] }
}
