const marker = Symbol.for('stepwise.error')

/** Longest error message kept (characters); a longer one, e.g. a tool error echoing a payload, is cut. */
export const MAX_ERROR_MESSAGE_LENGTH = 8_192

function boundedMessage(message: string): string {
  const text = String(message)
  return text.length <= MAX_ERROR_MESSAGE_LENGTH ? text : `${text.slice(0, MAX_ERROR_MESSAGE_LENGTH)}… (${text.length - MAX_ERROR_MESSAGE_LENGTH} more characters)`
}

/**
 * Every error code stepwise can produce. Codes are public API: they are listed in
 * `docs/errors.md` and never renamed.
 */
export type StepwiseErrorCode =
  | 'WORKFLOW_INVALID'
  | 'VARIABLES_INVALID'
  | 'NOT_FOUND'
  | 'LIMIT_EXCEEDED'
  | 'EXPRESSION_FAILED'
  | 'STEP_TIMEOUT'
  | 'STEP_FAILED'
  | 'TOOL_FAILED'
  | 'MODEL_FAILED'
  | 'NOTIFY_FAILED'
  | 'BASH_FAILED'
  | 'OUTPUT_INVALID'
  | 'CANCELLED'
  | 'APPROVAL_ALREADY_DECIDED'
  | 'APPROVAL_AMBIGUOUS'
  | 'APPROVAL_NOT_WAITING'
  | 'APPROVAL_TOKEN_INVALID'
  | 'EXECUTION_TERMINAL'
  | 'TRIGGER_INVALID'
  | 'WEBHOOK_SIGNATURE_INVALID'
  | 'METHOD_NOT_ALLOWED'
  | 'LEASE_LOST'
  | 'STORAGE_CONFLICT'
  | 'ADAPTER_VERSION_UNSUPPORTED'
  | 'CONFIGURATION_INVALID'
  | 'ENGINE_CLOSED'
  | 'INVALID_ARGUMENT'
  | 'POLICY_DENIED'
  | 'PROPOSAL_STALE'
  | 'PROPOSAL_EXPIRED'
  | 'PROPOSAL_STATE_INVALID'
  | 'SELF_MODIFICATION_DISABLED'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'DRAFT_FAILED'
  | 'INTERNAL'

/** JSON form of a {@link StepwiseError}, as stored on executions and steps and sent over HTTP. */
export interface StepwiseErrorJSON {
  /** The error code. */
  code: StepwiseErrorCode
  /** What happened, why, and what to do. */
  message: string
  /** The step that failed, when the error belongs to a step. */
  stepId?: string
  /** JSON-safe extra data (for example `issues` of an invalid workflow). */
  details?: Record<string, unknown>
}

/** Options of the {@link StepwiseError} constructor. */
export interface StepwiseErrorOptions {
  /** JSON-safe extra data. */
  details?: Record<string, unknown>
  /** The underlying error. */
  cause?: unknown
  /** The step the error belongs to. */
  stepId?: string
  /** Whether retrying the step may help (defaults by code). */
  retryable?: boolean
}

const NOT_RETRYABLE: ReadonlySet<StepwiseErrorCode> = new Set([
  'WORKFLOW_INVALID',
  'VARIABLES_INVALID',
  'NOT_FOUND',
  'LIMIT_EXCEEDED',
  'EXPRESSION_FAILED',
  'CANCELLED',
  'OUTPUT_INVALID',
  'APPROVAL_ALREADY_DECIDED',
  'APPROVAL_AMBIGUOUS',
  'CONFIGURATION_INVALID',
  'LEASE_LOST',
  'INVALID_ARGUMENT',
  'EXECUTION_TERMINAL',
  'APPROVAL_NOT_WAITING',
  'APPROVAL_TOKEN_INVALID',
  'TRIGGER_INVALID',
  'WEBHOOK_SIGNATURE_INVALID',
  'METHOD_NOT_ALLOWED',
  'UNAUTHORIZED',
  'FORBIDDEN',
])

/**
 * The one error class of stepwise. Identify it with {@link StepwiseError.isInstance}, which also
 * works across duplicate installs of the package.
 *
 * @example
 * ```ts
 * try { await engine.workflows.save(doc) } catch (error) {
 *   if (StepwiseError.isInstance(error) && error.code === 'WORKFLOW_INVALID') console.log(error.details?.issues)
 * }
 * ```
 */
export class StepwiseError extends Error {
  /** The UPPER_SNAKE error code. */
  readonly code: StepwiseErrorCode
  /** JSON-safe extra data. */
  readonly details?: Record<string, unknown>
  /** The step the error belongs to, if any. */
  stepId?: string
  /** Whether a retry of the step may succeed. */
  readonly retryable: boolean
  private readonly [marker] = true

  /** Creates an error with a code and a message that says what happened and how to fix it. */
  constructor(code: StepwiseErrorCode, message: string, options: StepwiseErrorOptions = {}) {
    super(boundedMessage(message), options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'StepwiseError'
    this.code = code
    if (options.details !== undefined) this.details = options.details
    if (options.stepId !== undefined) this.stepId = options.stepId
    this.retryable = options.retryable ?? !NOT_RETRYABLE.has(code)
  }

  /** True when `value` is a StepwiseError (from any copy of the package). */
  static isInstance(value: unknown): value is StepwiseError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true
  }

  /** Converts any thrown value into a StepwiseError with the given fallback code. */
  static from(value: unknown, fallbackCode: StepwiseErrorCode = 'INTERNAL'): StepwiseError {
    if (StepwiseError.isInstance(value)) return value
    const message = value instanceof Error ? value.message : String(value)
    return new StepwiseError(fallbackCode, message, { cause: value })
  }

  /** The JSON form stored on executions and steps. */
  toJSON(): StepwiseErrorJSON {
    const json: StepwiseErrorJSON = { code: this.code, message: this.message }
    if (this.stepId !== undefined) json.stepId = this.stepId
    if (this.details !== undefined) json.details = this.details
    return json
  }
}
