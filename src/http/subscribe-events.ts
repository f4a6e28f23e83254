/**
 * @module
 * The client side of `GET /executions/:id/events`: reads the SSE stream with `fetch`, delivers
 * each `seq` once and in order, reconnects with `Last-Event-ID` after a dropped connection
 * (exponential backoff with jitter), and stops after the terminal event.
 */
import { StepwiseError } from '../errors/stepwise-error.js'
import type { StepwiseEvent } from '../index.js'
import type { EventsIterableOptions, SubscribeOptions } from './client-types.js'
import { createSseParser, type SseMessage } from './sse-parser.js'
import { errorFromResponse, segment, type Transport } from './client-transport.js'

const TERMINAL: ReadonlySet<StepwiseEvent['type']> = new Set(['execution.completed', 'execution.failed', 'execution.cancelled'])

/** How one connection ended. */
type Outcome = { kind: 'done' } | { kind: 'retry'; error?: Error; opened: boolean } | { kind: 'final'; error: Error }

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })
}

function retriableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408
}

function streamError(message: SseMessage): StepwiseError {
  try {
    const body = JSON.parse(message.data) as { error?: { code?: string; message?: string } }
    if (typeof body.error?.code === 'string') return new StepwiseError(body.error.code as StepwiseError['code'], body.error.message ?? 'Event stream failed.')
  } catch {
    // Not JSON: fall through.
  }
  return new StepwiseError('INTERNAL', 'The event stream failed.')
}

/** Subscribes to an execution's events; returns unsubscribe. */
export function subscribeToEvents(transport: Transport, executionId: string, options: SubscribeOptions): () => void {
  const controller = new AbortController()
  const stop = (): void => controller.abort()
  if (options.signal?.aborted === true) stop()
  else options.signal?.addEventListener('abort', stop, { once: true })
  const path = `/executions/${segment(executionId)}/events`
  const first = options.afterSeq ?? 0
  let lastSeq = first
  let baseDelay = options.retryMs ?? 1000
  const maxDelay = options.maxRetryMs ?? 30_000

  const deliver = (message: SseMessage): 'terminal' | 'error' | undefined => {
    if (message.retry !== undefined) baseDelay = message.retry
    if (message.event === 'error') return 'error'
    let event: StepwiseEvent
    try {
      event = JSON.parse(message.data) as StepwiseEvent
    } catch {
      return undefined
    }
    if (typeof event.seq !== 'number' || event.seq <= lastSeq) return undefined
    lastSeq = event.seq
    try {
      options.onEvent(event)
    } catch (error) {
      options.onError?.(error instanceof Error ? error : new Error(String(error)), true)
    }
    return TERMINAL.has(event.type) ? 'terminal' : undefined
  }

  const connect = async (): Promise<Outcome> => {
    const headers: Record<string, string> = { accept: 'text/event-stream' }
    // The first connection names its start in the query; reconnects use Last-Event-ID.
    const resumed = lastSeq !== first
    if (resumed) headers['last-event-id'] = String(lastSeq)
    const query = !resumed && first > 0 ? { afterSeq: first } : undefined
    let response: Response
    try {
      response = await transport.open(path, { headers, signal: controller.signal, ...(query === undefined ? {} : { query }) })
    } catch (error) {
      return { kind: 'retry', error: error instanceof Error ? error : new Error(String(error)), opened: false }
    }
    // 204: the execution ended and nothing is left after lastSeq.
    if (response.status === 204) return { kind: 'done' }
    if (!response.ok || response.body === null) {
      const error = await errorFromResponse(response)
      return retriableStatus(response.status) ? { kind: 'retry', error, opened: false } : { kind: 'final', error }
    }
    options.onOpen?.()
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
    let result: 'terminal' | 'error' | undefined
    let failure: StepwiseError | undefined
    const parser = createSseParser((message) => {
      if (result !== undefined) return
      result = deliver(message)
      if (result === 'error') failure = streamError(message)
    })
    try {
      while (result === undefined) {
        const { done, value } = await reader.read()
        if (done) break
        parser.push(value)
      }
    } catch (error) {
      return { kind: 'retry', error: error instanceof Error ? error : new Error(String(error)), opened: true }
    } finally {
      await reader.cancel().catch(() => undefined)
    }
    if (result === 'terminal') return { kind: 'done' }
    return { kind: 'retry', opened: true, ...(failure === undefined ? {} : { error: failure }) }
  }

  void (async () => {
    let failures = 0
    try {
      while (!controller.signal.aborted) {
        const outcome = await connect()
        if (controller.signal.aborted || outcome.kind === 'done') return
        if (outcome.kind === 'final') {
          options.onError?.(outcome.error, false)
          return
        }
        if (outcome.error !== undefined) options.onError?.(outcome.error, true)
        failures = outcome.opened ? 1 : failures + 1
        const delay = Math.min(maxDelay, baseDelay * 2 ** (failures - 1))
        await sleep(delay / 2 + Math.random() * (delay / 2), controller.signal)
      }
    } finally {
      options.signal?.removeEventListener('abort', stop)
      controller.abort()
      options.onClose?.()
    }
  })()
  return stop
}

/** The same stream as an async iterable (final errors are thrown from the iteration). */
export function eventsIterable(transport: Transport, executionId: string, options: EventsIterableOptions = {}): AsyncIterable<StepwiseEvent> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<StepwiseEvent> {
      const queue: StepwiseEvent[] = []
      let finished = false
      let failure: Error | undefined
      let wake: (() => void) | undefined
      const poke = (): void => {
        wake?.()
        wake = undefined
      }
      const unsubscribe = subscribeToEvents(transport, executionId, {
        ...(options.afterSeq === undefined ? {} : { afterSeq: options.afterSeq }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(options.retryMs === undefined ? {} : { retryMs: options.retryMs }),
        onEvent: (event) => {
          queue.push(event)
          poke()
        },
        onError: (error, willRetry) => {
          if (!willRetry) failure = error
        },
        onClose: () => {
          finished = true
          poke()
        },
      })
      return {
        async next(): Promise<IteratorResult<StepwiseEvent>> {
          for (;;) {
            const event = queue.shift()
            if (event !== undefined) return { done: false, value: event }
            if (failure !== undefined) {
              const error = failure
              failure = undefined
              throw error
            }
            if (finished) return { done: true, value: undefined }
            await new Promise<void>((resolve) => (wake = resolve))
          }
        },
        async return(): Promise<IteratorResult<StepwiseEvent>> {
          unsubscribe()
          queue.length = 0
          return { done: true, value: undefined }
        },
      }
    },
  }
}
