import { describe, expect, it } from 'vitest'
import type { Engine, StepwiseEvent } from '../../src/index.js'
import { createClient, type StepwiseClient, type SubscribeOptions } from '../../src/http/index.js'
import { collectEvents } from '../helpers.js'
import { QUICK, directFetch, httpSetup, startGated, until } from './http-helpers.js'

const encoder = new TextEncoder()

/** Passes SSE frames through until `frames` events went by, then ends the body (`close`) or fails it (`error`). */
function cutAfter(response: Response, frames: number, mode: 'close' | 'error'): Response {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  let text = ''
  let seen = 0
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read()
      if (done) return controller.close()
      text += decoder.decode(value, { stream: true })
      let end: number
      while ((end = text.indexOf('\n\n')) !== -1) {
        const frame = text.slice(0, end + 2)
        text = text.slice(end + 2)
        controller.enqueue(encoder.encode(frame))
        if (frame.startsWith('id: ')) seen += 1
        if (seen >= frames) {
          await reader.cancel()
          if (mode === 'close') controller.close()
          else controller.error(new Error('connection reset'))
          return
        }
      }
    },
    cancel: () => reader.cancel(),
  })
  return new Response(body, { status: response.status, headers: response.headers })
}

/** Subscribes and collects until the subscription closes. */
function collect(subscribe: (options: SubscribeOptions) => () => void, extra: Partial<SubscribeOptions> = {}) {
  const events: StepwiseEvent[] = []
  const errors: { code: unknown; willRetry: boolean }[] = []
  let opens = 0
  let closed = false
  const stop = subscribe({
    retryMs: 5,
    ...extra,
    onEvent: (event) => events.push(event),
    onOpen: () => (opens += 1),
    onError: (error, willRetry) => errors.push({ code: (error as { code?: unknown }).code ?? error.message, willRetry }),
    onClose: () => (closed = true),
  })
  return { events, errors, opens: () => opens, closed: () => closed, stop }
}

/** Starts the gated workflow, subscribes, approves once the replay reached the wait, and follows to the end. */
async function followGated(client: StepwiseClient, engine: Engine) {
  const id = await startGated(client, engine)
  const sub = collect((options) => client.executions.subscribe(id, options))
  await until(() => sub.events.some((e) => e.type === 'execution.waiting'))
  await client.executions.approve(id, { approved: true })
  await until(sub.closed)
  return { sub, stored: await collectEvents(engine, id) }
}

const seqs = (events: StepwiseEvent[]) => events.map((e) => e.seq)

describe('GET /executions/:id/events (SSE) and client.executions.subscribe', () => {
  it('replays stored events, then follows live ones, without gaps or duplicates, and stops at the terminal event', async () => {
    const { client, engine } = httpSetup()
    const { sub, stored } = await followGated(client, engine)
    expect(seqs(sub.events)).toEqual(stored.map((_, i) => i + 1))
    expect(sub.events).toEqual(stored)
    expect(sub.events.at(-1)?.type).toBe('execution.completed')
    expect(sub.opens()).toBe(1)
    expect(sub.errors).toEqual([])
  })

  it('resumes with Last-Event-ID after dropped connections mid-stream: no missing or repeated seq', async () => {
    const { engine, handler } = httpSetup()
    const sent: Request[] = []
    let connections = 0
    const inner = directFetch(handler, sent)
    const client = createClient({
      baseUrl: '/api',
      headers: { authorization: 'Bearer default:user:ana' },
      fetch: async (input, init) => {
        const response = await inner(input, init)
        if (!input.includes('/events') || response.status !== 200) return response
        connections += 1
        if (connections === 1) return cutAfter(response, 3, 'close')
        if (connections === 2) return cutAfter(response, 2, 'error')
        // Replays 5..7, then drops after the first live event (the approval below resumes the run).
        if (connections === 3) return cutAfter(response, 4, 'close')
        return response
      },
    })
    const { sub, stored } = await followGated(client, engine)
    expect(seqs(sub.events)).toEqual(stored.map((e) => e.seq))
    expect(connections).toBe(4)
    expect(stored[6]).toMatchObject({ seq: 7, type: 'execution.waiting' })
    const eventRequests = sent.filter((r) => r.url.includes('/events'))
    // The reset discards the frame queued with it (seq 5 never arrived), so the client resumes after 4.
    expect(eventRequests.map((r) => r.headers.get('last-event-id'))).toEqual([null, '3', '4', '8'])
    expect(sub.errors).toEqual([{ code: 'connection reset', willRetry: true }])
    expect(sub.opens()).toBe(4)
  })

  it('afterSeq starts later (query on the first request); a finished execution with nothing left answers 204', async () => {
    const { client, engine, handler, requests } = httpSetup()
    await client.workflows.save(QUICK)
    const started = await client.executions.start('quick')
    await engine.executions.settled(started.id)
    const stored = await collectEvents(engine, started.id)
    const sub = collect((options) => client.executions.subscribe(started.id, options), { afterSeq: 2 })
    await until(sub.closed)
    expect(seqs(sub.events)).toEqual(stored.slice(2).map((e) => e.seq))
    expect(new URL(requests.at(-1)?.url ?? '').searchParams.get('afterSeq')).toBe('2')

    const last = stored.at(-1)?.seq ?? 0
    const done = await handler(new Request(`http://x/api/executions/${started.id}/events`, { headers: { authorization: 'Bearer default', 'last-event-id': String(last) } }))
    expect(done.status).toBe(204)
    const after = collect((options) => client.executions.subscribe(started.id, options), { afterSeq: last })
    await until(after.closed)
    expect(after.events).toEqual([])
    expect(after.opens()).toBe(0)

    const bad = await handler(new Request(`http://x/api/executions/${started.id}/events?afterSeq=-1`, { headers: { authorization: 'Bearer default' } }))
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } })
  })

  it('sends heartbeat comments, frames events as id/event/data, and ends the body after the terminal event', async () => {
    const { client, engine, handler, active } = httpSetup({ heartbeatMs: 15 })
    const started = { id: await startGated(client, engine) }
    const response = await handler(new Request(`http://x/api/executions/${started.id}/events`, { headers: { authorization: 'Bearer default' } }))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const reader = (response.body ?? new ReadableStream()).pipeThrough(new TextDecoderStream()).getReader()
    let text = ''
    const readUntil = async (predicate: () => boolean) => {
      while (!predicate()) {
        const { done, value } = await reader.read()
        if (done) return true
        text += value
      }
      return false
    }
    await readUntil(() => text.split(': heartbeat\n\n').length > 3)
    expect(text).toContain('id: 1\nevent: execution.started\ndata: {')
    await engine.executions.approve(started.id, { approved: true })
    expect(await readUntil(() => false)).toBe(true)
    const frames = text.split('\n\n').filter((f) => f.startsWith('id: '))
    const last = frames.at(-1) ?? ''
    expect(last).toMatch(/^id: \d+\nevent: execution\.completed\ndata: /)
    const parsed = frames.map((f) => JSON.parse(f.slice(f.indexOf('data: ') + 6)) as StepwiseEvent)
    expect(parsed).toEqual(await collectEvents(engine, started.id))
    await until(() => active() === 0)
  })

  it('aborting the request or unsubscribing stops the engine iteration and frees its subscription', async () => {
    const { client, engine, handler, active } = httpSetup({ heartbeatMs: 10 })
    const started = { id: await startGated(client, engine) }

    const controller = new AbortController()
    const response = await handler(new Request(`http://x/api/executions/${started.id}/events`, { headers: { authorization: 'Bearer default' }, signal: controller.signal }))
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    await reader.read()
    await reader.read()
    await until(() => active() === 1)
    controller.abort()
    await until(() => active() === 0)
    // The body ends once the request is aborted (heartbeats stop too).
    for (;;) if ((await reader.read()).done) break

    const sub = collect((options) => client.executions.subscribe(started.id, options))
    await until(() => sub.events.some((e) => e.type === 'execution.waiting'))
    expect(active()).toBe(1)
    sub.stop()
    await until(sub.closed)
    await until(() => active() === 0)
  })

  it('client.executions.events is an async iterable; final errors (NOT_FOUND) end it, transient ones (503) are retried', async () => {
    const { client, engine, handler } = httpSetup()
    await client.workflows.save(QUICK)
    const started = await client.executions.start('quick')
    await engine.executions.settled(started.id)
    const seen: StepwiseEvent[] = []
    for await (const event of client.executions.events(started.id)) seen.push(event)
    expect(seen).toEqual(await collectEvents(engine, started.id))

    await expect(async () => {
      for await (const event of client.executions.events('exe_missing')) void event
    }).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const missing = collect((options) => client.executions.subscribe('exe_missing', options))
    await until(missing.closed)
    expect(missing.errors).toEqual([{ code: 'NOT_FOUND', willRetry: false }])

    let calls = 0
    const flaky = createClient({
      baseUrl: '/api',
      headers: { authorization: 'Bearer default' },
      fetch: async (input, init) => {
        calls += 1
        if (calls === 1) return new Response(JSON.stringify({ error: { code: 'ENGINE_CLOSED', message: 'restarting' } }), { status: 503 })
        return directFetch(handler)(input, init)
      },
    })
    const retried = collect((options) => flaky.executions.subscribe(started.id, options))
    await until(retried.closed)
    expect(retried.errors).toEqual([{ code: 'ENGINE_CLOSED', willRetry: true }])
    expect(seqs(retried.events)).toEqual(seen.map((e) => e.seq))
  })
})
