/**
 * @module
 * `GET /executions/:id/events` as Server-Sent Events: `id:` = seq, `event:` = type, `data:` =
 * the event as JSON; heartbeat comments; closed after the terminal event; a cancelled body or an
 * aborted request stops the engine's iteration.
 */
import { StepwiseError } from '../errors/stepwise-error.js'
import type { Engine, StepwiseEvent } from '../index.js'
import { parseInput } from './read-json-body.js'
import { z } from 'zod'

const TERMINAL: ReadonlySet<string> = new Set(['execution.completed', 'execution.failed', 'execution.cancelled'])
const ENDED: ReadonlySet<string> = new Set(['completed', 'failed', 'cancelled'])
const seqSchema = z.string().regex(/^\d{1,15}$/, 'must be a non-negative integer').transform(Number)
const encoder = new TextEncoder()

/** Headers of an SSE response. */
const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  // Tells nginx-style proxies not to buffer the stream.
  'x-accel-buffering': 'no',
}

/** One event as an SSE message. */
export function sseFrame(event: StepwiseEvent): Uint8Array {
  return encoder.encode(`id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`)
}

/** The resume point: `Last-Event-ID` (a reconnect) wins over `?afterSeq=`; default 0. */
export function resumeSeq(request: Request, url: URL): number {
  const header = request.headers.get('last-event-id')
  if (header !== null && header.trim() !== '') return parseInput(seqSchema, header.trim(), 'Last-Event-ID header')
  const query = url.searchParams.get('afterSeq')
  return query === null ? 0 : parseInput(seqSchema, query, 'query parameter afterSeq')
}

/** Options of {@link eventStreamResponse}. */
export interface EventStreamOptions {
  /** Heartbeat interval in ms. */
  heartbeatMs: number
  /** The request (its signal ends the stream). */
  request: Request
  /** Called with an error that ended a stream early. */
  onError?: (error: unknown) => void
}

/**
 * Streams an execution's events after `afterSeq` (replay, then live). Answers 204 when the
 * execution has ended and nothing is left after `afterSeq` (EventSource then stops reconnecting).
 */
export async function eventStreamResponse(engine: Engine, executionId: string, afterSeq: number, options: EventStreamOptions): Promise<Response> {
  const execution = await engine.executions.get(executionId)
  const stop = new AbortController()
  const iterator = engine.events(executionId, { afterSeq, signal: stop.signal })[Symbol.asyncIterator]()
  let first: IteratorResult<StepwiseEvent> | undefined
  if (ENDED.has(execution.status)) {
    // A finished execution's stream ends without waiting: read its first event now to tell "nothing left" (204).
    first = await iterator.next()
    if (first.done === true) return new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } })
  }
  const { request, heartbeatMs } = options
  let closed = false
  let heartbeat: ReturnType<typeof setInterval> | undefined
  let onAbort: (() => void) | undefined
  const finish = (controller?: ReadableStreamDefaultController<Uint8Array>): void => {
    if (closed) return
    closed = true
    clearInterval(heartbeat)
    if (onAbort !== undefined) request.signal.removeEventListener('abort', onAbort)
    stop.abort()
    // Runs the engine stream's cleanup even when it is parked at a `yield` between pulls.
    void iterator.return?.()?.catch(() => undefined)
    try {
      controller?.close()
    } catch {
      // Already closed or errored by the consumer.
    }
  }
  const send = (controller: ReadableStreamDefaultController<Uint8Array>, event: StepwiseEvent): void => {
    controller.enqueue(sseFrame(event))
    if (TERMINAL.has(event.type)) finish(controller)
  }
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(': stepwise events\n\n'))
      if (first !== undefined && first.done !== true) send(controller, first.value)
      if (closed) return
      heartbeat = setInterval(() => {
        if (!closed) controller.enqueue(encoder.encode(': heartbeat\n\n'))
      }, heartbeatMs)
      ;(heartbeat as { unref?: () => void }).unref?.()
      onAbort = () => finish(controller)
      if (request.signal.aborted) finish(controller)
      else request.signal.addEventListener('abort', onAbort, { once: true })
    },
    async pull(controller) {
      if (closed) return
      try {
        const next = await iterator.next()
        if (closed) return
        if (next.done === true) finish(controller)
        else send(controller, next.value)
      } catch (error) {
        if (closed) return
        options.onError?.(error)
        const known = StepwiseError.isInstance(error) && error.code !== 'INTERNAL'
        const payload = known ? { error: { code: error.code, message: error.message } } : { error: { code: 'INTERNAL', message: 'Internal server error.' } }
        controller.enqueue(encoder.encode(`event: error\ndata: ${JSON.stringify(payload)}\n\n`))
        finish(controller)
      }
    },
    cancel() {
      finish()
    },
  })
  return new Response(body, { status: 200, headers: SSE_HEADERS })
}
