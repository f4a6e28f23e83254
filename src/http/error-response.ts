/**
 * @module
 * Turning anything thrown into a JSON error response with the right status, without leaking
 * internals: 5xx answers carry a generic message and no details.
 */
import { StepwiseError, type StepwiseErrorCode } from '../errors/stepwise-error.js'

/** HTTP status by error code; codes not listed are 500. */
const STATUS: Partial<Record<StepwiseErrorCode, number>> = {
  WORKFLOW_INVALID: 400,
  VARIABLES_INVALID: 400,
  INVALID_ARGUMENT: 400,
  TRIGGER_INVALID: 400,
  EXPRESSION_FAILED: 400,
  UNAUTHORIZED: 401,
  WEBHOOK_SIGNATURE_INVALID: 401,
  FORBIDDEN: 403,
  POLICY_DENIED: 403,
  SELF_MODIFICATION_DISABLED: 403,
  NOT_FOUND: 404,
  APPROVAL_TOKEN_INVALID: 404,
  METHOD_NOT_ALLOWED: 405,
  APPROVAL_ALREADY_DECIDED: 409,
  APPROVAL_AMBIGUOUS: 409,
  APPROVAL_NOT_WAITING: 409,
  EXECUTION_TERMINAL: 409,
  STORAGE_CONFLICT: 409,
  LEASE_LOST: 409,
  PROPOSAL_STALE: 409,
  PROPOSAL_EXPIRED: 409,
  PROPOSAL_STATE_INVALID: 409,
  LIMIT_EXCEEDED: 413,
  DRAFT_FAILED: 422,
  RATE_LIMITED: 429,
  MODEL_FAILED: 502,
  ENGINE_CLOSED: 503,
}

/** 5xx codes whose message is meant for API callers (others answer "Internal server error."). */
const PUBLIC_5XX: ReadonlySet<string> = new Set(['MODEL_FAILED', 'ENGINE_CLOSED'])

/** The HTTP status of an error (500 for anything that is not a `StepwiseError` with a mapped code). */
export function statusOf(error: unknown): number {
  return StepwiseError.isInstance(error) ? (STATUS[error.code] ?? 500) : 500
}

/** A JSON response. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers } })
}

/**
 * The error response `{ error: { code, message, details? } }` of anything thrown. `status`
 * overrides the code's status (e.g. 501 for an unconfigured route).
 */
export function errorResponse(error: unknown, status = statusOf(error), headers: Record<string, string> = {}): Response {
  if (status >= 500 && !(StepwiseError.isInstance(error) && (PUBLIC_5XX.has(error.code) || status === 501))) {
    return jsonResponse(status, { error: { code: 'INTERNAL', message: 'Internal server error.' } }, headers)
  }
  const known = StepwiseError.from(error)
  const body: { code: string; message: string; details?: Record<string, unknown> } = { code: known.code, message: known.message }
  if (known.details !== undefined && status < 500) body.details = known.details
  const extra = { ...headers }
  const retryAfter = known.details?.retryAfterSeconds
  if (known.code === 'RATE_LIMITED' && typeof retryAfter === 'number' && Number.isFinite(retryAfter) && retryAfter >= 0) extra['retry-after'] = String(Math.ceil(retryAfter))
  return jsonResponse(status, { error: body }, extra)
}
