/**
 * @module
 * `scriptedModel`: an AI SDK language model (the AI SDK's own `MockLanguageModelV3`) that answers
 * each call with the next scripted reply, streamed. Exported from `stepwise/testing`.
 */
import { APICallError } from 'ai'
import { MockLanguageModelV3 } from 'ai/test'

type CallOptions = Parameters<MockLanguageModelV3['doStream']>[0]
type StreamResult = Awaited<ReturnType<MockLanguageModelV3['doStream']>>
type GenerateResult = Awaited<ReturnType<MockLanguageModelV3['doGenerate']>>
/** A part of the model's stream, in the AI SDK provider protocol (`LanguageModelV3StreamPart`). */
export type ScriptedStreamPart = Awaited<ReturnType<MockLanguageModelV3['doStream']>>['stream'] extends ReadableStream<infer P> ? P : never

/** Token usage reported by a scripted reply (defaults: input ≈ prompt chars / 4, output = number of chunks). */
export interface ScriptedUsage {
  /** Prompt tokens. */
  inputTokens?: number
  /** Completion tokens. */
  outputTokens?: number
}

/** A tool call the scripted model makes. */
export interface ScriptedToolCall {
  /** Tool name. */
  toolName: string
  /** Tool input (any JSON value). */
  input?: unknown
  /** Call id (default `call-<n>`). */
  toolCallId?: string
}

/** An error reply: an `Error` as is, a string as an `Error`, `{ status }` as an AI SDK `APICallError`. */
export type ScriptedError = Error | string | ScriptedHttpError

/** A provider HTTP error (thrown as an AI SDK `APICallError`). */
export interface ScriptedHttpError {
  /** HTTP status. */
  status: number
  /** Error message (default `HTTP <status> from the scripted model`). */
  message?: string
  /** Whether the AI SDK may retry it (default: 408, 409, 429 and 5xx). */
  retryable?: boolean
}

/**
 * One scripted answer.
 * - a string, or `{ text }`: a text reply (streamed word by word); `reasoning` streams first
 * - `{ json }`: the value as JSON text
 * - `{ toolCalls }`: the model calls tools (optionally after `text`); the next call sees the results
 * - `{ error }`: the call fails (`{ status: 429 }` is a retryable `APICallError`, like a provider's)
 * - `{ empty: true }`: an empty completion; `{ hang: true }`: never answers until aborted
 * - `{ parts }`: raw provider stream parts
 */
export type ScriptedReply = string | ScriptedText | ScriptedJson | ScriptedToolCalls | ScriptedFailure | ScriptedEmpty | ScriptedHang | ScriptedParts

/** A failing call. */
export interface ScriptedFailure {
  /** The error the call fails with. */
  error: ScriptedError
}

/** An empty completion (no text, no tool call). */
export interface ScriptedEmpty {
  /** Marker. */
  empty: true
}

/** A call that never answers until it is aborted. */
export interface ScriptedHang {
  /** Marker. */
  hang: true
}

/** Raw provider stream parts. */
export interface ScriptedParts {
  /** The parts, streamed as given. */
  parts: readonly ScriptedStreamPart[]
}

/** A text reply. */
export interface ScriptedText {
  /** The text, streamed word by word (or by `chunkSize`). */
  text: string
  /** Reasoning streamed before the text. */
  reasoning?: string
  /** Reported usage. */
  usage?: ScriptedUsage
  /** Finish reason (default `stop`). */
  finishReason?: 'stop' | 'length' | 'content-filter' | 'other'
}

/** A JSON reply. */
export interface ScriptedJson {
  /** The value, answered as JSON text. */
  json: unknown
  /** Reported usage. */
  usage?: ScriptedUsage
}

/** A reply that calls tools. */
export interface ScriptedToolCalls {
  /** The calls. */
  toolCalls: readonly ScriptedToolCall[]
  /** Text streamed before the calls. */
  text?: string
  /** Reported usage. */
  usage?: ScriptedUsage
}

/** A message of a call, as text. */
export interface ScriptedMessage {
  /** `system`, `user`, `assistant` or `tool`. */
  role: string
  /** Its text (non-text parts as JSON). */
  text: string
}

/** What the scripted model was called with. */
export interface ScriptedCall {
  /** 0-based call number. */
  index: number
  /** The system prompt, if any. */
  system?: string
  /** Text of the last user message. */
  lastUserText: string
  /** Every message's role and text (tool parts rendered as JSON), in order. */
  messages: ScriptedMessage[]
  /** Names of the tools offered. */
  toolNames: string[]
  /** The response format asked for (`{ type: 'json', schema }` for structured output). */
  responseFormat?: CallOptions['responseFormat']
  /** The call's abort signal. */
  abortSignal?: AbortSignal
}

/** A scripted reply, or a function choosing the reply from the call. */
export type ScriptedStep = ScriptedReply | ((call: ScriptedCall) => ScriptedReply)

/** Options of {@link scriptedModel}. */
export interface ScriptedModelOptions {
  /** Model id (default `scripted`). */
  modelId?: string
  /** Provider name (default `stepwise-testing`). */
  provider?: string
  /** Characters per text delta (default: one word per delta). */
  chunkSize?: number
  /** After the script is used up: `error` (default) fails the call, `repeat` repeats the last reply. */
  whenDone?: 'error' | 'repeat'
}

/** The scripted model: an AI SDK `LanguageModel` plus what it was called with. */
export type ScriptedModel = MockLanguageModelV3 & {
  /** Every call so far. */
  readonly calls: ScriptedCall[]
  /** Replies not used yet. */
  remaining(): number
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  return content
    .map((part: { type?: string; text?: string }) => (part.type === 'text' || part.type === 'reasoning' ? (part.text ?? '') : JSON.stringify(part)))
    .join('')
}

function describeCall(index: number, options: CallOptions): ScriptedCall {
  const messages = options.prompt.map((message) => ({ role: message.role, text: textOf(message.content) }))
  const system = options.prompt.filter((message) => message.role === 'system').map((message) => textOf(message.content))
  const users = messages.filter((message) => message.role === 'user')
  const call: ScriptedCall = {
    index,
    lastUserText: users.length === 0 ? '' : users[users.length - 1].text,
    messages,
    toolNames: (options.tools ?? []).map((tool) => tool.name),
  }
  if (system.length > 0) call.system = system.join('\n')
  if (options.responseFormat !== undefined) call.responseFormat = options.responseFormat
  if (options.abortSignal !== undefined) call.abortSignal = options.abortSignal
  return call
}

function toError(error: ScriptedError): Error {
  if (error instanceof Error) return error
  if (typeof error === 'string') return new Error(error)
  const retryable = error.retryable ?? (error.status === 408 || error.status === 409 || error.status === 429 || error.status >= 500)
  return new APICallError({
    message: error.message ?? `HTTP ${error.status} from the scripted model`,
    url: 'https://scripted.invalid/v1/chat',
    requestBodyValues: {},
    statusCode: error.status,
    isRetryable: retryable,
  })
}

function chunks(text: string, size: number | undefined): string[] {
  if (text === '') return []
  if (size !== undefined && size > 0) {
    const result: string[] = []
    for (let i = 0; i < text.length; i += size) result.push(text.slice(i, i + size))
    return result
  }
  return text.split(/(?<=\s)(?=\S)/)
}

type FinishPart = Extract<ScriptedStreamPart, { type: 'finish' }>

function usageOf(usage: ScriptedUsage | undefined, call: ScriptedCall, deltas: number): FinishPart['usage'] {
  const input = usage?.inputTokens ?? Math.ceil(call.messages.reduce((sum, message) => sum + message.text.length, 0) / 4)
  const output = usage?.outputTokens ?? deltas
  return { inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: output, text: output, reasoning: 0 } }
}

function partsFor(reply: Exclude<ScriptedReply, string | ScriptedFailure | ScriptedHang>, call: ScriptedCall, options: ScriptedModelOptions): ScriptedStreamPart[] {
  if ('parts' in reply) return [...reply.parts]
  const parts: ScriptedStreamPart[] = [{ type: 'stream-start', warnings: [] }]
  let deltas = 0
  const text = 'empty' in reply ? '' : 'json' in reply ? JSON.stringify(reply.json) : (reply.text ?? '')
  if ('reasoning' in reply && reply.reasoning !== undefined) {
    parts.push({ type: 'reasoning-start', id: 'r0' })
    for (const delta of chunks(reply.reasoning, options.chunkSize)) parts.push({ type: 'reasoning-delta', id: 'r0', delta })
    parts.push({ type: 'reasoning-end', id: 'r0' })
  }
  if (text !== '') {
    parts.push({ type: 'text-start', id: 't0' })
    for (const delta of chunks(text, options.chunkSize)) {
      parts.push({ type: 'text-delta', id: 't0', delta })
      deltas += 1
    }
    parts.push({ type: 'text-end', id: 't0' })
  }
  const toolCalls = 'toolCalls' in reply ? reply.toolCalls : []
  toolCalls.forEach((toolCall, index) => {
    parts.push({ type: 'tool-call', toolCallId: toolCall.toolCallId ?? `call-${call.index}-${index}`, toolName: toolCall.toolName, input: JSON.stringify(toolCall.input ?? {}) })
    deltas += 1
  })
  const unified = toolCalls.length > 0 ? 'tool-calls' : 'finishReason' in reply && reply.finishReason !== undefined ? reply.finishReason : 'stop'
  parts.push({ type: 'finish', finishReason: { unified, raw: unified }, usage: usageOf('usage' in reply ? reply.usage : undefined, call, deltas) })
  return parts
}

function streamOf(parts: readonly ScriptedStreamPart[]): ReadableStream<ScriptedStreamPart> {
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(part)
      controller.close()
    },
  })
}

function hangingStream(signal: AbortSignal | undefined): ReadableStream<ScriptedStreamPart> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue({ type: 'stream-start', warnings: [] })
      const abort = (): void => controller.error(signal?.reason ?? new Error('aborted'))
      if (signal?.aborted === true) abort()
      else signal?.addEventListener('abort', abort, { once: true })
    },
  })
}

/**
 * Creates a scripted AI SDK model: call N gets reply N, streamed like a provider's. Pass it in
 * the engine's model map; inspect `model.calls` afterwards.
 *
 * @example
 * ```ts
 * const model = scriptedModel([
 *   { toolCalls: [{ toolName: 'search', input: { q: 'stepwise' } }] },
 *   'Found it.',
 *   { json: { score: 0.9 } },
 *   { error: { status: 429 } },
 * ])
 * const engine = createEngine({ storage: memoryStorage(), models: { default: model } })
 * ```
 */
export function scriptedModel(script: ScriptedStep | readonly ScriptedStep[], options: ScriptedModelOptions = {}): ScriptedModel {
  const steps: readonly ScriptedStep[] = Array.isArray(script) ? script : [script as ScriptedStep]
  const calls: ScriptedCall[] = []
  const next = (options_: CallOptions): ScriptedReply => {
    const call = describeCall(calls.length, options_)
    calls.push(call)
    let step = steps[call.index]
    if (step === undefined && options.whenDone === 'repeat' && steps.length > 0) step = steps[steps.length - 1]
    if (step === undefined) return { error: new Error(`scriptedModel: no reply scripted for call #${call.index + 1} (the script has ${steps.length}).`) }
    return typeof step === 'function' ? step(call) : step
  }
  const model = new MockLanguageModelV3({
    provider: options.provider ?? 'stepwise-testing',
    modelId: options.modelId ?? 'scripted',
    doStream: async (callOptions): Promise<StreamResult> => {
      const reply = next(callOptions)
      const normalized = typeof reply === 'string' ? { text: reply } : reply
      if ('error' in normalized) throw toError(normalized.error)
      if ('hang' in normalized) return { stream: hangingStream(callOptions.abortSignal) }
      return { stream: streamOf(partsFor(normalized, calls[calls.length - 1], options)) }
    },
    doGenerate: async (callOptions): Promise<GenerateResult> => {
      const reply = next(callOptions)
      const normalized = typeof reply === 'string' ? { text: reply } : reply
      if ('error' in normalized) throw toError(normalized.error)
      if ('hang' in normalized) {
        await new Promise((_, reject) => callOptions.abortSignal?.addEventListener('abort', () => reject(callOptions.abortSignal?.reason), { once: true }))
      }
      const parts = partsFor(normalized as Exclude<typeof normalized, ScriptedHang>, calls[calls.length - 1], options)
      const content: GenerateResult['content'] = []
      let finish: FinishPart | undefined
      for (const part of parts) {
        if (part.type === 'text-delta') {
          const last = content[content.length - 1]
          if (last?.type === 'text') last.text += part.delta
          else content.push({ type: 'text', text: part.delta })
        } else if (part.type === 'tool-call') content.push(part)
        else if (part.type === 'finish') finish = part
      }
      const usage = finish?.usage ?? usageOf(undefined, calls[calls.length - 1], 0)
      return { content, finishReason: finish?.finishReason ?? { unified: 'stop', raw: 'stop' }, usage, warnings: [] }
    },
  })
  return Object.assign(model, { calls, remaining: () => Math.max(0, steps.length - calls.length) }) as ScriptedModel
}
