/**
 * @module
 * Types of the workflow document: the shape every stepwise workflow has after validation.
 */

/** Retry policy of a step (or the workflow default). Delays grow `backoffMs * factor^(attempt-1)`. */
export interface RetryPolicy {
  /** Total attempts including the first (1 = no retry). */
  maxAttempts?: number
  /** Delay before the first retry, in ms. */
  backoffMs?: number
  /** Multiplier applied to the delay after each retry. */
  factor?: number
  /** Upper bound of a single delay, in ms. */
  maxBackoffMs?: number
  /** Randomise each delay ("full jitter") to spread retries. */
  jitter?: boolean
}

/** Fields every step has, whatever its type. */
export interface StepBase {
  /** Unique in the whole document, `[A-Za-z0-9_-]{1,128}`. Derived from the position when omitted. */
  id: string
  /** The step type, e.g. `agent_prompt`, `tool`, `loop`. */
  type: string
  /** Display name. */
  name?: string
  /** Free text. */
  description?: string
  /** Run condition: a JSONata expression or a boolean. The step is `skipped` when it is false. */
  if?: string | boolean
  /** Publish the output under `outputs.<outputVariable>` instead of `outputs.<id>`. */
  outputVariable?: string
  /** Timeout of one attempt, in ms. */
  timeoutMs?: number
  /** Retry policy for failed attempts. */
  retry?: RetryPolicy
  /** `fail` (default) stops the block; `continue` records the failure and goes on. */
  onError?: 'fail' | 'continue'
  /** Free-form host data (editor positions, tags …); never interpreted by the engine. */
  metadata?: Record<string, unknown>
}

/** Type of a declared workflow variable. */
export type VariableType = 'string' | 'number' | 'boolean' | 'array' | 'object' | 'any'

/** A declared input variable of a workflow. */
export interface VariableDeclaration {
  /** The value's JSON type. */
  type: VariableType
  /** Help text shown in run dialogs and to drafting models. */
  description?: string
  /** `run`/`start` reject a missing required variable with `VARIABLES_INVALID`. */
  required?: boolean
  /** Value applied at start when the variable is not given; must match `type`. */
  default?: unknown
}

/** Resource limits of an execution. Every value is a positive integer. */
export interface WorkflowLimits {
  /** Step instances visited per execution (loop iterations count). */
  maxSteps: number
  /** Iterations of one loop step. */
  maxLoopIterations: number
  /** Bytes of one step output (JSON). */
  maxOutputBytes: number
  /** Bytes of an execution's state (variables + outputs, JSON). */
  maxStateBytes: number
  /** Milliseconds one expression evaluation may run. */
  expressionTimeoutMs: number
  /** Agent steps running at the same time in one execution. */
  maxConcurrentAgentSteps: number
}

/** The default {@link WorkflowLimits}: 500 steps, 1 000 iterations, 256 KiB output, 10 MiB state, 100 ms per expression, 10 agents. */
export const DEFAULT_LIMITS: WorkflowLimits = Object.freeze({
  maxSteps: 500,
  maxLoopIterations: 1000,
  maxOutputBytes: 262_144,
  maxStateBytes: 10_485_760,
  expressionTimeoutMs: 100,
  maxConcurrentAgentSteps: 10,
})

/** A workflow document. `TStep` is the step union (see `Workflow` in `src/steps/step.ts`). */
export interface WorkflowDefinition<TStep extends StepBase = StepBase> {
  /** `[A-Za-z0-9_-]{1,128}`. When omitted, validation derives `wf-<12 hex of the content hash>`. */
  id: string
  /** Display name. */
  name?: string
  /** Free text. */
  description?: string
  /** Author-defined version label. */
  version?: string
  /** Declared input variables. */
  variables?: Record<string, VariableDeclaration>
  /** Defaults applied to every step that does not set its own. */
  defaults?: WorkflowDefaults
  /** Overrides of the engine's limits for this workflow. */
  limits?: Partial<WorkflowLimits>
  /**
   * Notifier target told when a run that no person started (schedule, webhook, event) fails or
   * is cancelled; `none` (or absent) disables it. Read from the run's pinned snapshot.
   */
  failureNotify?: string
  /** Self-modification policy for agents proposing changes. */
  constraints?: WorkflowConstraints
  /** Free-form host data; never interpreted. */
  metadata?: Record<string, unknown>
  /** The top-level block, run in order. */
  steps: TStep[]
}

/** One problem found in a workflow document. */
export interface ValidationIssue {
  /** JSON Pointer into the input document, e.g. `/steps/2/over`. */
  path: string
  /** What is wrong. */
  message: string
  /** How to fix it. */
  hint?: string
  /**
   * Machine-readable kind: `unknown_type`, `duplicate_id`, `invalid_id`, `invalid_expression`,
   * `js_operator`, `removed_function`, `unsafe_regex`, `unknown_tool`, `unknown_model`,
   * `unknown_notifier`, `invalid_field`, `unknown_field`, `missing_field`, `limit`, `invalid_json`,
   * `unknown_variable`, `unreachable`, `internal`.
   */
  code?: string
}

/** Defaults applied to every step that does not set its own. */
export interface WorkflowDefaults {
  /** Timeout of each attempt, ms. */
  timeoutMs?: number
  /** Retry policy. */
  retry?: RetryPolicy
}

/** What agents may do with the workflow. */
export interface WorkflowConstraints {
  /** Whether agents may propose changes to it. */
  allowSelfModification?: boolean
}

/** Result of validating a workflow document: the normalised workflow, or every issue found. */
export type ValidationResult<TStep extends StepBase = StepBase> = ValidationSuccess<TStep> | ValidationFailure

/** A valid document. */
export interface ValidationSuccess<TStep extends StepBase = StepBase> {
  /** Discriminator. */
  ok: true
  /** The normalised workflow: ids filled, aliases resolved. */
  workflow: WorkflowDefinition<TStep>
  /** Things that are allowed but probably wrong (unreachable steps, undeclared variables). */
  warnings: ValidationIssue[]
}

/** An invalid document. */
export interface ValidationFailure {
  /** Discriminator. */
  ok: false
  /** Every issue found, each with a JSON Pointer path. */
  issues: ValidationIssue[]
}
