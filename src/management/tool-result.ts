/**
 * @module
 * What a workflow management tool returns: `{ ok: true, … }` or `{ ok: false, error }`, always
 * JSON-serialisable, never a thrown error (a model reads the failure and can correct itself).
 */
import { StepwiseError, type StepwiseErrorCode } from '../errors/stepwise-error.js'

/** The error of a failed management tool call. */
export interface WorkflowToolError {
  /** A stepwise error code (`NOT_FOUND`, `WORKFLOW_INVALID`, `POLICY_DENIED`, …; see docs/errors.md). */
  code: StepwiseErrorCode
  /** What happened and what to do, written for the model. */
  message: string
  /** JSON-safe extra data, such as `issues` of an invalid workflow. */
  details?: Record<string, unknown>
}

/** A successful management tool call: `ok: true` and the tool's fields. */
export interface WorkflowToolSuccess {
  /** Always true. */
  ok: true
  /** The tool's fields (for example `workflows`, `execution`, `executionId`). */
  [field: string]: unknown
}

/** A failed management tool call. The call had no effect unless the message says otherwise. */
export interface WorkflowToolFailure {
  /** Always false. */
  ok: false
  /** Why it failed. */
  error: WorkflowToolError
}

/** The result of every management tool: JSON, never thrown. */
export type WorkflowToolResult = WorkflowToolSuccess | WorkflowToolFailure

/** A failure result with a code and a message. */
export function toolFailure(code: StepwiseErrorCode, message: string, details?: Record<string, unknown>): WorkflowToolFailure {
  return { ok: false, error: details === undefined ? { code, message } : { code, message, details } }
}

/** Converts anything thrown by the engine into a failure result (unknown errors become `INTERNAL`). */
export function failureFrom(error: unknown): WorkflowToolFailure {
  const stepwise = StepwiseError.from(error)
  return toolFailure(stepwise.code, stepwise.message, stepwise.details === undefined ? undefined : jsonSafe(stepwise.details))
}

/** A deep copy that JSON can represent (engine records are JSON already; functions drop, dates become ISO strings). */
export function jsonSafe<T>(value: T): T {
  const text = JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item))
  return (text === undefined ? null : JSON.parse(text)) as T
}
