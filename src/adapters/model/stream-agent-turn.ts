import { stepCountIs, streamText, type LanguageModel, type ToolSet } from 'ai'
import { StepwiseError } from '../../errors/stepwise-error.js'

/** A part of a streamed agent turn, in stepwise's vocabulary. */
export type AgentTurnPart =
  | { type: 'text-delta'; delta: string }
  | { type: 'reasoning-delta'; delta: string }
  | { type: 'tool-call'; toolCallId: string; toolName: string; input: unknown }
  | { type: 'tool-result'; toolCallId: string; toolName: string; output: unknown; isError?: boolean }

/** Input of {@link streamAgentTurn}. */
export interface AgentTurnInput {
  /** AI SDK language model. */
  model: LanguageModel
  /** System prompt. */
  system?: string
  /** User prompt. */
  prompt: string
  /** Tools the step allows. */
  tools: ToolSet
  /** Bound on tool-loop steps. */
  maxSteps: number
  /** Aborts the call and the tools. */
  signal: AbortSignal
  /** Passed to tools as `experimental_context`. */
  context: unknown
  /** Receives every streamed part in order. */
  onPart(part: AgentTurnPart): void
}

/** Result of one agent turn. */
export interface AgentTurnResult {
  /** Full text. */
  text: string
  /** Why the model stopped. */
  finishReason: string
  /** Token usage of the turn. */
  usage: { inputTokens: number; outputTokens: number }
}

/**
 * Runs one agent turn with the AI SDK's `streamText`. Every AI SDK call of stepwise lives in
 * this folder, so a move to the next AI SDK major touches only here.
 */
export async function streamAgentTurn(input: AgentTurnInput): Promise<AgentTurnResult> {
  let streamError: unknown
  const result = streamText({
    model: input.model,
    ...(input.system === undefined ? {} : { system: input.system }),
    prompt: input.prompt,
    tools: input.tools,
    stopWhen: stepCountIs(input.maxSteps),
    abortSignal: input.signal,
    experimental_context: input.context,
    onError: ({ error }) => {
      streamError ??= error
    },
  })
  let text = ''
  let finishReason = 'unknown'
  let usage = { inputTokens: 0, outputTokens: 0 }
  for await (const part of result.fullStream) {
    switch (part.type) {
      case 'text-delta':
        text += part.text
        input.onPart({ type: 'text-delta', delta: part.text })
        break
      case 'reasoning-delta':
        input.onPart({ type: 'reasoning-delta', delta: part.text })
        break
      case 'tool-call':
        input.onPart({ type: 'tool-call', toolCallId: part.toolCallId, toolName: part.toolName, input: part.input })
        break
      case 'tool-result':
        input.onPart({ type: 'tool-result', toolCallId: part.toolCallId, toolName: part.toolName, output: part.output })
        break
      case 'tool-error':
        input.onPart({ type: 'tool-result', toolCallId: part.toolCallId, toolName: part.toolName, output: String(part.error), isError: true })
        break
      case 'finish':
        finishReason = part.finishReason
        usage = { inputTokens: part.totalUsage.inputTokens ?? 0, outputTokens: part.totalUsage.outputTokens ?? 0 }
        break
      case 'error':
        streamError ??= part.error
        break
      default:
        break
    }
  }
  if (streamError !== undefined) {
    if (input.signal.aborted) throw input.signal.reason
    throw new StepwiseError('MODEL_FAILED', `Model call failed: ${streamError instanceof Error ? streamError.message : String(streamError)}`, { cause: streamError })
  }
  return { text, finishReason, usage }
}
