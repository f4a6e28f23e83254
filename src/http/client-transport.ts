/**
 * @module
 * The client's HTTP plumbing: URL building, headers, JSON bodies, and rebuilding a
 * `StepwiseError` from an error response.
 */
import { StepwiseError, type StepwiseErrorCode } from '../errors/stepwise-error.js'
import type { ClientOptions, FetchLike } from './client-types.js'

/** Query parameters; `undefined` values are left out, arrays repeat the key. */
export type Query = Record<string, string | number | boolean | readonly string[] | undefined>

/** A request the client sends. */
export interface TransportRequest {
  /** HTTP method. */
  method: 'GET' | 'POST' | 'DELETE'
  /** Path below `baseUrl`, already encoded. */
  path: string
  /** Query parameters. */
  query?: Query
  /** JSON body. */
  body?: unknown
}

/** What `createClient` builds its methods on. */
export interface Transport {
  /** Sends a request and returns the parsed JSON body; rejects with a `StepwiseError` on an error status. */
  json<T>(request: TransportRequest): Promise<T>
  /** Opens a raw response (for SSE); the caller checks the status. */
  open(path: string, init: { headers: Record<string, string>; signal: AbortSignal; query?: Query }): Promise<Response>
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Rebuilds the server's error (`{ error: { code, message, details? } }`) as a `StepwiseError`. */
export async function errorFromResponse(response: Response): Promise<StepwiseError> {
  let body: unknown
  try {
    body = await response.json()
  } catch {
    body = undefined
  }
  const error = isRecord(body) ? body.error : undefined
  if (isRecord(error) && typeof error.code === 'string' && typeof error.message === 'string') {
    const details = isRecord(error.details) ? error.details : undefined
    return new StepwiseError(error.code as StepwiseErrorCode, error.message, details === undefined ? {} : { details })
  }
  return new StepwiseError('INTERNAL', `HTTP ${response.status} ${response.statusText}`.trim(), { details: { status: response.status } })
}

/** Encodes one path segment. */
export function segment(value: string): string {
  return encodeURIComponent(value)
}

function queryString(query: Query | undefined): string {
  if (query === undefined) return ''
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item))
    else params.append(key, String(value))
  }
  const text = params.toString()
  return text === '' ? '' : `?${text}`
}

/** Builds the transport of a client. */
export function createTransport(options: ClientOptions): Transport {
  const base = options.baseUrl.replace(/\/+$/, '')
  const doFetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const headersOf = async (extra: Record<string, string>): Promise<Headers> => {
    const given = typeof options.headers === 'function' ? await options.headers() : options.headers
    const headers = new Headers(given)
    for (const [name, value] of Object.entries(extra)) headers.set(name, value)
    return headers
  }
  return {
    async json<T>(request: TransportRequest): Promise<T> {
      const extra: Record<string, string> = { accept: 'application/json' }
      if (request.body !== undefined) extra['content-type'] = 'application/json'
      const init: RequestInit = { method: request.method, headers: await headersOf(extra) }
      if (request.body !== undefined) init.body = JSON.stringify(request.body)
      const response = await doFetch(`${base}${request.path}${queryString(request.query)}`, init)
      if (!response.ok) throw await errorFromResponse(response)
      return (await response.json()) as T
    },
    async open(path, init) {
      return doFetch(`${base}${path}${queryString(init.query)}`, { method: 'GET', headers: await headersOf(init.headers), signal: init.signal })
    },
  }
}
