import { StepwiseError } from '../../../errors/stepwise-error.js'

/** SQLSTATE raised by the trigger that guards settled step rows (see the migrations). */
export const SETTLED_STEP_SQLSTATE = 'SW409'

interface PgErrorLike {
  code?: unknown
  message?: unknown
  constraint?: unknown
  severity?: unknown
}

function pgCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const { code, severity } = error as PgErrorLike
  return typeof code === 'string' && code.length === 5 && typeof severity === 'string' ? code : undefined
}

/**
 * Maps a node-postgres error to a StepwiseError (`details.pgCode` keeps the SQLSTATE):
 * - unique and other integrity violations, and the settled-step guard → `STORAGE_CONFLICT`;
 * - serialization failures, deadlocks and lock timeouts → retryable `STORAGE_CONFLICT`;
 * - a missing schema or table (dropped under the adapter) → `CONFIGURATION_INVALID`;
 * - connection loss, server shutdown, resource exhaustion and any other database error →
 *   `INTERNAL` (retryable for the transient classes).
 * StepwiseErrors pass through; network errors without a SQLSTATE become retryable `INTERNAL`.
 */
export function toStepwiseError(error: unknown): StepwiseError {
  if (StepwiseError.isInstance(error)) return error
  const message = error instanceof Error ? error.message : String(error)
  const code = pgCodeOf(error)
  if (code === undefined) {
    return new StepwiseError('INTERNAL', `PostgreSQL connection error: ${message}`, { cause: error, retryable: true })
  }
  const details: Record<string, unknown> = { pgCode: code }
  const constraint = (error as PgErrorLike).constraint
  if (typeof constraint === 'string') details.constraint = constraint
  if (code === SETTLED_STEP_SQLSTATE) return new StepwiseError('STORAGE_CONFLICT', message, { cause: error, details })
  if (code.startsWith('23')) {
    return new StepwiseError('STORAGE_CONFLICT', `PostgreSQL constraint violated: ${message}`, { cause: error, details })
  }
  if (code === '40001' || code === '40P01' || code === '55P03') {
    return new StepwiseError('STORAGE_CONFLICT', `PostgreSQL transaction conflict: ${message}`, { cause: error, details, retryable: true })
  }
  if (code === '3F000' || code === '42P01') {
    return new StepwiseError('CONFIGURATION_INVALID', `PostgreSQL schema or table missing: ${message}`, { cause: error, details })
  }
  const transient = code.startsWith('08') || code.startsWith('53') || code.startsWith('57P')
  return new StepwiseError('INTERNAL', `PostgreSQL error ${code}: ${message}`, { cause: error, details, retryable: transient })
}
