/**
 * @module
 * `toNodeHandler`: runs a Fetch-API handler on `node:http` (and Express, which passes the same
 * objects). Streams response bodies as they are produced (SSE), honours backpressure, and aborts
 * the request's signal when the client disconnects. Type-only imports of `node:http`, so the
 * module adds nothing to a browser bundle.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

/** A Fetch-API handler such as the one `createHandler` returns. */
export type FetchHandler = (request: Request) => Promise<Response>

/** A `node:http` / Express request listener. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue
    if (Array.isArray(value)) for (const item of value) headers.append(name, item)
    else headers.set(name, value)
  }
  return headers
}

/** The body as a web stream, or what a body parser already read (mount before `express.json()` so webhooks see raw bytes). */
function bodyOf(req: IncomingMessage): BodyInit | undefined {
  const parsed = (req as IncomingMessage & { body?: unknown }).body
  if (parsed !== undefined && req.readableEnded) {
    if (typeof parsed === 'string') return parsed
    if (parsed instanceof Uint8Array) return new Uint8Array(parsed)
    return JSON.stringify(parsed)
  }
  // After a cancel (e.g. a 413 stopped reading) the events keep coming: they must not touch the controller.
  let open = true
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Buffer | string) => {
        if (!open) return
        controller.enqueue(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
        if ((controller.desiredSize ?? 1) <= 0) req.pause()
      })
      req.on('end', () => {
        if (open) controller.close()
        open = false
      })
      req.on('error', (error) => {
        if (open) controller.error(error)
        open = false
      })
    },
    pull() {
      req.resume()
    },
    cancel() {
      // Drain what is left without keeping it (the response, e.g. a 413, is still sent).
      open = false
      req.resume()
    },
  })
}

function toRequest(req: IncomingMessage, signal: AbortSignal): Request {
  // Express strips its mount path from `url`; `originalUrl` keeps it.
  const path = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/'
  let url: URL
  try {
    url = new URL(path, `http://${req.headers.host ?? 'localhost'}`)
  } catch {
    url = new URL(path.startsWith('/') ? path : `/${path}`, 'http://localhost')
  }
  const method = (req.method ?? 'GET').toUpperCase()
  const init: RequestInit & { duplex?: 'half' } = { method, headers: headersOf(req), signal }
  if (method !== 'GET' && method !== 'HEAD') {
    const body = bodyOf(req)
    if (body !== undefined) {
      init.body = body
      init.duplex = 'half'
    }
  }
  return new Request(url, init)
}

async function send(response: Response, res: ServerResponse, signal: AbortSignal): Promise<void> {
  res.statusCode = response.status
  const cookies = response.headers.getSetCookie()
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value)
  })
  if (cookies.length > 0) res.setHeader('set-cookie', cookies)
  if (response.body === null) {
    res.end()
    return
  }
  res.flushHeaders()
  const reader = response.body.getReader()
  const stop = (): void => void reader.cancel().catch(() => undefined)
  signal.addEventListener('abort', stop, { once: true })
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done || signal.aborted) break
      if (!res.write(value)) await new Promise<void>((resolve) => {
        const go = (): void => {
          res.off('drain', go)
          res.off('close', go)
          resolve()
        }
        res.on('drain', go)
        res.on('close', go)
      })
    }
  } finally {
    signal.removeEventListener('abort', stop)
    if (!res.writableEnded) res.end()
  }
}

/**
 * Adapts a Fetch-API handler to `(req, res)` for `node:http` and Express. The request's signal
 * aborts when the client disconnects, which ends an SSE stream and frees its subscription.
 *
 * @example
 * ```ts
 * app.use('/api/stepwise', toNodeHandler(createHandler(engine, { basePath: '/api/stepwise', authorize })))
 * ```
 */
export function toNodeHandler(handler: FetchHandler): NodeHandler {
  return (req, res) => {
    const controller = new AbortController()
    res.on('close', () => {
      if (!res.writableFinished) controller.abort()
    })
    void (async () => {
      try {
        const response = await handler(toRequest(req, controller.signal))
        await send(response, res, controller.signal)
      } catch {
        if (!res.headersSent) {
          res.statusCode = 500
          res.setHeader('content-type', 'application/json; charset=utf-8')
          res.end(JSON.stringify({ error: { code: 'INTERNAL', message: 'Internal server error.' } }))
        } else if (!res.writableEnded) res.destroy()
      }
    })()
  }
}
