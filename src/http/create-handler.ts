/**
 * @module
 * `createHandler`: the engine as a Fetch-API `(Request) => Promise<Response>` (REST + SSE).
 */
import { StepwiseError } from '../errors/stepwise-error.js'
import type { Engine } from '../index.js'
import { errorResponse, jsonResponse, statusOf } from './error-response.js'
import type { AuthContext, HandlerOptions } from './handler-types.js'
import { readJsonBody } from './read-json-body.js'
import { ROUTES } from './route-table.js'
import type { Route } from './route-types.js'

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024
const DEFAULT_HEARTBEAT_MS = 15_000

/** A route compiled to its segments. */
interface CompiledRoute {
  route: Route
  segments: string[]
}

const COMPILED: CompiledRoute[] = ROUTES.map((route) => ({ route, segments: route.path.split('/').filter((s) => s !== '') }))

function match(segments: string[], compiled: CompiledRoute): Record<string, string> | undefined {
  if (segments.length !== compiled.segments.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < segments.length; i++) {
    const pattern = compiled.segments[i]
    if (pattern.startsWith(':')) params[pattern.slice(1)] = segments[i]
    else if (pattern !== segments[i]) return undefined
  }
  return params
}

/** The path below `basePath` as decoded segments; `undefined` when outside it or undecodable. */
function segmentsOf(pathname: string, basePath: string): string[] | undefined {
  if (basePath !== '' && pathname !== basePath && !pathname.startsWith(`${basePath}/`)) return undefined
  try {
    return pathname
      .slice(basePath.length)
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s))
  } catch {
    return undefined
  }
}

async function authenticate(options: HandlerOptions, request: Request, route: Route, params: Record<string, string>): Promise<AuthContext> {
  let auth: AuthContext | null | undefined
  try {
    auth = await options.authorize(request, { operation: route.operation, params })
  } catch (error) {
    if (StepwiseError.isInstance(error)) throw error
    throw new StepwiseError('UNAUTHORIZED', 'Authentication required.', { cause: error })
  }
  if (auth === null || auth === undefined) throw new StepwiseError('UNAUTHORIZED', 'Authentication required.')
  if (typeof auth.tenantId !== 'string' || auth.tenantId === '') throw new StepwiseError('CONFIGURATION_INVALID', 'authorize() must return { tenantId } with a non-empty string.')
  return auth
}

/**
 * Creates a Fetch-API handler serving the engine over HTTP: REST routes for workflows,
 * executions, approvals, triggers, drafting and proposals, `GET /executions/:id/events` as
 * Server-Sent Events with `Last-Event-ID` resume, and `ANY /webhooks/<path>` for webhook
 * triggers. Every route but webhooks calls `options.authorize`; every engine call runs on
 * `engine.forTenant(tenantId, { actor })`, so the actor is the author of saves and the decider
 * of approvals and reviews (request bodies cannot name another). Errors are JSON `{ error: { code, message, details? } }`. The
 * handler never throws.
 *
 * @example
 * ```ts
 * const handler = createHandler(engine, {
 *   basePath: '/api/stepwise',
 *   authorize: async (request) => {
 *     const user = await sessionUser(request)
 *     if (user === undefined) throw new StepwiseError('UNAUTHORIZED', 'Sign in first.')
 *     return { tenantId: user.orgId, actor: `user:${user.id}` }
 *   },
 * })
 * ```
 */
export function createHandler(engine: Engine, options: HandlerOptions): (request: Request) => Promise<Response> {
  const basePath = (options.basePath ?? '').replace(/\/+$/, '')
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS
  const fail = (error: unknown, request: Request, status?: number): Response => {
    const response = errorResponse(error, status)
    if (response.status >= 500) {
      try {
        options.onError?.(error, request)
      } catch {
        // A throwing logger must not break the response.
      }
    }
    return response
  }

  const serve = async (request: Request): Promise<Response> => {
    const url = new URL(request.url)
    const segments = segmentsOf(url.pathname, basePath)
    if (segments === undefined) return fail(new StepwiseError('NOT_FOUND', `No route for ${url.pathname}.`), request)
    if (segments[0] === 'webhooks' && segments.length > 1) {
      const tenantId = (await options.webhookTenant?.(request)) ?? engine.tenantId
      return engine.handleWebhook(request, { tenantId })
    }
    const method = request.method.toUpperCase()
    const matches = COMPILED.map((compiled) => ({ compiled, params: match(segments, compiled) })).filter((m) => m.params !== undefined)
    if (matches.length === 0) return fail(new StepwiseError('NOT_FOUND', `No route for ${method} ${url.pathname}.`), request)
    const found = matches.find((m) => m.compiled.route.method === method)
    if (found === undefined) {
      const allow = [...new Set(matches.map((m) => m.compiled.route.method))].join(', ')
      return errorResponse(new StepwiseError('METHOD_NOT_ALLOWED', `Use ${allow} for ${url.pathname}.`), 405, { allow })
    }
    const route = found.compiled.route
    const params = found.params ?? {}
    const auth = await authenticate(options, request, route, params)
    const body = method === 'POST' ? await readJsonBody(request, maxBodyBytes) : undefined
    const scoped = engine.forTenant(auth.tenantId, auth.actor === undefined ? {} : { actor: auth.actor })
    const result = await route.run({ engine: scoped, auth, params, url, request, body, options, heartbeatMs })
    if (result instanceof Response) return result
    return jsonResponse(route.status ?? 200, result ?? null)
  }

  return async (request) => {
    try {
      return await serve(request)
    } catch (error) {
      return fail(error, request, statusOf(error))
    }
  }
}
