/**
 * @module
 * `toUIMessageStream`: an execution's events as an AI SDK UI message stream, so a chat built on
 * `useChat` renders workflow prompts, streamed agent turns (text, reasoning, tool calls) and step
 * cards. See `docs/streaming-into-your-chat.md`.
 */
import type { AsyncIterableStream } from 'ai'
import type { StepwiseEvent } from '../engine/events.js'
import { coalesceDeltas } from './coalesce-deltas.js'
import { ChunkWriter, TERMINAL_TYPES } from './ui-chunk-writer.js'
import type { WorkflowUIMessageChunk } from './ui-message-types.js'

/** Options of {@link toUIMessageStream}. */
export interface ToUIMessageStreamOptions {
  /**
   * `per-step` (default): one assistant message per step instance (a new `start` chunk with its
   * own id and metadata), read with `readUIMessageStream` or a `useChat` resume stream.
   * `single`: every part in one message, to merge into the assistant message a chat route is
   * already streaming (`writer.merge(toUIMessageStream(events, { messages: 'single', sendStart: false }))`).
   */
  messages?: 'per-step' | 'single'
  /** Message id (`single`) or id prefix (`per-step`); default `workflow-<executionId>`. */
  messageId?: string
  /** `single` only: send the `start` chunk (default `true`). */
  sendStart?: boolean
  /** Send `finish` chunks (default `true`). */
  sendFinish?: boolean
  /** End the stream when the execution starts waiting (approval, timer); default `false` (follow it). */
  stopOnWaiting?: boolean
  /** Merge consecutive text and reasoning deltas that are already available (default `false`: every part is passed on). */
  coalesceDeltas?: boolean
}

/**
 * Turns an execution's events (e.g. `engine.events(executionId)`) into AI SDK UI message stream
 * chunks. Each message's `metadata` carries `{ executionId, workflowId, stepId, iterationPath,
 * stepType }`; text, reasoning and tool parts carry the same back-pointers and the `turnId` in
 * `providerMetadata.stepwise`. Step, turn, prompt, approval and execution cards are data parts
 * (`data-workflow-step`, `-turn`, `-prompt`, `-approval`, `-execution`) updated in place by id.
 * The stream ends after the execution's terminal event (or when it waits, with `stopOnWaiting`).
 *
 * @example
 * ```ts
 * // A route that streams a workflow run into the chat (AI SDK `createUIMessageStreamResponse`).
 * const { id } = await engine.start('triage', { variables })
 * return createUIMessageStreamResponse({ stream: toUIMessageStream(engine.events(id)) })
 * ```
 */
export function toUIMessageStream(events: AsyncIterable<StepwiseEvent>, options: ToUIMessageStreamOptions = {}): AsyncIterableStream<WorkflowUIMessageChunk> {
  const source = options.coalesceDeltas === true ? coalesceDeltas(events) : events
  const iterator = source[Symbol.asyncIterator]()
  const writer = new ChunkWriter(options)
  let done = false
  const stream = new ReadableStream<WorkflowUIMessageChunk>({
    async pull(controller) {
      while (writer.out.length === 0 && !done) {
        const next = await iterator.next()
        if (next.done === true) {
          done = true
          writer.close(true)
          break
        }
        if (writer.write(next.value) || TERMINAL_TYPES.has(next.value.type)) {
          done = true
          writer.close(true)
          iterator.return?.()?.catch(() => undefined)
        }
      }
      for (const chunk of writer.out.splice(0)) controller.enqueue(chunk)
      if (done) controller.close()
    },
    cancel() {
      done = true
      iterator.return?.()?.catch(() => undefined)
    },
  })
  return iterableStream(stream)
}

/** Makes a stream async-iterable where the platform's streams are not (browsers without it). */
function iterableStream<T>(stream: ReadableStream<T>): AsyncIterableStream<T> {
  const iterable = stream as AsyncIterableStream<T>
  iterable[Symbol.asyncIterator] = async function* iterate(): AsyncGenerator<T, void, undefined> {
    const reader = stream.getReader()
    let finished = false
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) {
          finished = true
          return
        }
        yield value
      }
    } finally {
      if (!finished) await reader.cancel().catch(() => undefined)
      reader.releaseLock()
    }
  }
  return iterable
}
