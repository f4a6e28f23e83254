/**
 * @module
 * Options and callbacks of `createHandler`.
 */
import type { Engine } from '../index.js'
import type { DraftRequest } from './wire-types.js'

/** Every operation the handler serves; `authorize` receives it to decide per operation. */
export type HandlerOperation =
  | 'workflows.list'
  | 'workflows.get'
  | 'workflows.save'
  | 'workflows.validate'
  | 'workflows.history'
  | 'workflows.rollback'
  | 'workflows.delete'
  | 'workflows.draft'
  | 'executions.start'
  | 'executions.list'
  | 'executions.get'
  | 'executions.steps'
  | 'executions.cancel'
  | 'executions.approve'
  | 'executions.retryFrom'
  | 'executions.approvals'
  | 'executions.events'
  | 'triggers.list'
  | 'triggers.get'
  | 'triggers.save'
  | 'triggers.remove'
  | 'triggers.fire'
  | 'triggers.deliveries'
  | 'proposals.list'
  | 'proposals.get'
  | 'proposals.create'
  | 'proposals.review'
  | 'proposals.apply'

/** Who is calling: the tenant every engine call is scoped to, and the actor recorded as author or decider. */
export interface AuthContext {
  /** The tenant (`engine.forTenant(tenantId)`). */
  tenantId: string
  /** Who acts (e.g. `user:42`): the `author` of saves and rollbacks, the `by` of approvals and reviews. */
  actor?: string
}

/** What `authorize` is told about the request besides the `Request` itself. */
export interface AuthorizeInfo {
  /** The operation the route performs. */
  operation: HandlerOperation
  /** Path parameters (`id`). */
  params: Readonly<Record<string, string>>
}

/**
 * Authenticates and authorizes a request. Return the caller's {@link AuthContext}; throw a
 * `StepwiseError` with code `UNAUTHORIZED` (401), `FORBIDDEN` (403) or `RATE_LIMITED` (429, with
 * `details.retryAfterSeconds`) to refuse. Any other thrown value, and returning `null` or
 * `undefined`, is a 401. Read headers only: the body is read by the handler afterwards.
 */
export type Authorize = (request: Request, info: AuthorizeInfo) => AuthContext | null | undefined | Promise<AuthContext | null | undefined>

/** What the `draft` callback (and the engine calls of a route) run with. */
export interface RequestContext {
  /** The engine scoped to the caller's tenant. */
  engine: Engine
  /** The tenant. */
  tenantId: string
  /** The actor, when `authorize` named one. */
  actor?: string
  /** The request (its body has been read). */
  request: Request
}

/**
 * Serves `POST /workflows/draft`: typically calls `draftWorkflow({ model, prompt, base, stepIds })`
 * and returns its result, which is sent as JSON. Throw a `StepwiseError` to answer with an error.
 */
export type DraftHandler = (input: DraftRequest, context: RequestContext) => unknown

/** Options of `createHandler`. */
export interface HandlerOptions {
  /** Authenticates every route except webhooks (see {@link Authorize}). */
  authorize: Authorize
  /** Path prefix the handler is mounted at, e.g. `/api/stepwise` (default: none). */
  basePath?: string
  /** Serves `POST /workflows/draft`; without it that route answers 501 `CONFIGURATION_INVALID`. */
  draft?: DraftHandler
  /** Largest JSON request body in bytes (default 1 MiB); larger → 413 `LIMIT_EXCEEDED`. */
  maxBodyBytes?: number
  /** Interval of SSE heartbeat comments in ms (default 15 000). */
  heartbeatMs?: number
  /**
   * Tenant whose webhook paths `ANY /webhooks/<path>` serves (webhooks are authenticated by their
   * signature, not by `authorize`). Default: the engine's tenant. Return `undefined` for the default.
   */
  webhookTenant?: (request: Request) => string | undefined | Promise<string | undefined>
  /** Called with every error answered as a 5xx (the response itself never shows its details). */
  onError?: (error: unknown, request: Request) => void
}
