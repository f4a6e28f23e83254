/**
 * @module
 * The shape of one REST route of the handler, and query-string helpers shared by the route modules.
 */
import { z } from 'zod'
import type { Engine } from '../index.js'
import type { AuthContext, HandlerOperation, HandlerOptions } from './handler-types.js'
import { parseInput } from './read-json-body.js'

/** What a route runs with. */
export interface RouteInput {
  /** The engine scoped to the caller's tenant. */
  engine: Engine
  /** The caller. */
  auth: AuthContext
  /** Path parameters. */
  params: Readonly<Record<string, string>>
  /** The request URL. */
  url: URL
  /** The request (body already read into `body`). */
  request: Request
  /** The parsed JSON body (`undefined` when empty or not a POST). */
  body: unknown
  /** Handler options. */
  options: HandlerOptions
  /** SSE heartbeat interval. */
  heartbeatMs: number
}

/** One route: method, path pattern (`:name` segments), operation, and what it does. */
export interface Route {
  /** HTTP method. */
  method: 'GET' | 'POST' | 'DELETE'
  /** Pattern below the base path, e.g. `/executions/:id/steps`. */
  path: string
  /** The operation `authorize` is told about. */
  operation: HandlerOperation
  /** Success status (default 200). */
  status?: number
  /** Runs the route: a `Response` is sent as is, anything else as JSON. */
  run(input: RouteInput): unknown
}

/**
 * A `POST` route whose JSON body is checked against `schema` (an empty body counts as `{}`)
 * before `run` gets it; a mismatch is 400 `INVALID_ARGUMENT`.
 */
export function postRoute<S extends z.ZodType>(
  route: Omit<Route, 'method' | 'run'>,
  schema: S,
  run: (body: z.output<S>, input: RouteInput) => unknown,
): Route {
  return { ...route, method: 'POST', run: (input) => run(parseInput(schema, input.body ?? {}, 'request body'), input) }
}

/** The single value of a query parameter (`undefined` when absent). */
export function queryValue(url: URL, name: string): string | undefined {
  return url.searchParams.get(name) ?? undefined
}

const limitSchema = z.coerce.number().int().min(1).max(500).optional()

/** `?limit=` as an integer 1..500 (`INVALID_ARGUMENT` otherwise). */
export function queryLimit(url: URL): number | undefined {
  return parseInput(limitSchema, queryValue(url, 'limit'), 'query parameter limit')
}

/** Copies the defined entries of `values` (so optional fields stay absent rather than `undefined`). */
export function defined<T extends Record<string, unknown>>(values: T): Partial<T> {
  const out: Partial<T> = {}
  for (const key of Object.keys(values) as (keyof T)[]) if (values[key] !== undefined) out[key] = values[key]
  return out
}
