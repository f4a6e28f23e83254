/**
 * @module
 * Which model errors move an `agent_prompt` step to its next fallback model (DESIGN §11):
 * errors the AI SDK marks `isRetryable` (429, 5xx, overloaded), authentication, not-found and
 * unsupported-model errors, quota and rate limits, and empty completions. Never timeouts or
 * aborts, never other errors (a bad request stays bad on another model).
 */
import { APICallError, LoadAPIKeyError, NoSuchModelError, RetryError, UnsupportedModelVersionError } from 'ai'
import { StepwiseError } from '../../errors/stepwise-error.js'

const RETRIABLE_STATUS = new Set([401, 402, 403, 404, 408, 409, 429])
const RETRIABLE_MESSAGE = /rate.?limit|too many requests|quota|credit|billing|overloaded|capacity|unauthori[sz]ed|forbidden|invalid.{0,12}api.?key|api.?key.{0,20}(missing|invalid)|authentication|model.{0,60}(not (found|supported|available)|unsupported|does not exist)|unsupported.{0,10}model|no such model/i
const empties = new WeakSet<object>()

function statusOf(error: object): number | undefined {
  const record = error as { statusCode?: unknown; status?: unknown }
  const status = typeof record.statusCode === 'number' ? record.statusCode : typeof record.status === 'number' ? record.status : undefined
  return status
}

/** An error meaning "the model answered nothing" (no text, no tool call): retriable for failover. */
export function emptyCompletionError(model: string): StepwiseError {
  const error = new StepwiseError('MODEL_FAILED', `Model "${model}" returned an empty completion.`, { details: { model, reason: 'empty_completion' } })
  empties.add(error)
  return error
}

/** True when `error` was made by {@link emptyCompletionError}. */
export function isEmptyCompletion(error: unknown): boolean {
  return typeof error === 'object' && error !== null && empties.has(error)
}

/** True when trying the next fallback model may help (see the module doc). */
export function isRetriableModelError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return typeof error === 'string' && RETRIABLE_MESSAGE.test(error)
  if (isEmptyCompletion(error)) return true
  if (StepwiseError.isInstance(error)) return false
  if (RetryError.isInstance(error)) return isRetriableModelError(error.lastError)
  const name = (error as { name?: unknown }).name
  if (name === 'AbortError' || name === 'TimeoutError') return false
  if (APICallError.isInstance(error)) {
    if (error.isRetryable) return true
    const status = error.statusCode
    if (status !== undefined && (RETRIABLE_STATUS.has(status) || status >= 500)) return true
    return RETRIABLE_MESSAGE.test(`${error.message} ${error.responseBody ?? ''}`)
  }
  if (NoSuchModelError.isInstance(error) || LoadAPIKeyError.isInstance(error) || error instanceof UnsupportedModelVersionError) return true
  const flagged = error as { isRetryable?: unknown; retryable?: unknown }
  if (flagged.isRetryable === true || flagged.retryable === true) return true
  const status = statusOf(error)
  if (status !== undefined) return RETRIABLE_STATUS.has(status) || status >= 500
  return RETRIABLE_MESSAGE.test(error instanceof Error ? error.message : String((error as { message?: unknown }).message ?? ''))
}

/** A one-line description of a model error (status and message), for step errors and events. */
export function describeModelError(error: unknown): string {
  if (RetryError.isInstance(error) && error.lastError !== undefined) return describeModelError(error.lastError)
  if (typeof error !== 'object' || error === null) return String(error)
  const status = statusOf(error)
  const message = error instanceof Error ? error.message : String((error as { message?: unknown }).message ?? error)
  return status === undefined || message.includes(String(status)) ? message : `${status} ${message}`
}
