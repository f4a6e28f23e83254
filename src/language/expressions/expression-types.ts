/**
 * @module
 * Types shared by the expression, condition and template compilers.
 */

/** The read-only data every expression evaluates against. Must be plain JSON data. */
export interface ExpressionContext {
  /** Workflow input variables (plus loop `itemVar`/`indexVar` inside loops). */
  variables: Record<string, unknown>
  /** Published step outputs, by `outputVariable` or step id. */
  outputs: Record<string, unknown>
  /** The current loop iteration (`loop.item`, `loop.index`); absent outside loops. */
  loop?: { item: unknown; index: number }
  /** Results of steps that ran, by id. */
  steps: Record<string, { status: string; output?: unknown; error?: unknown }>
  /** The running execution. */
  execution: { id: string; workflowId: string; startedAt: string }
  /** The error being handled, where one is in scope. */
  error?: unknown
}

/** Bounds and clock of one evaluation. */
export interface EvaluationOptions {
  /** Epoch ms that `$now()` (as ISO text) and `$millis()` (as a number) return. */
  now: number
  /** Wall-clock budget of one evaluation, in ms (JSONata `timeout`, error → `LIMIT_EXCEEDED`). */
  timeoutMs: number
  /** Maximum evaluation depth (JSONata `stack`). */
  maxDepth: number
  /** Maximum length of any sequence or range (JSONata `sequence`). */
  maxSequence: number
}

/** A compiled JSONata expression. */
export interface CompiledExpression {
  /** The expression source as given. */
  readonly source: string
  /** True when it is a plain path evaluated without JSONata (synchronously). */
  readonly isPath: boolean
  /**
   * Evaluates against `context`. Plain paths return synchronously; other expressions return a
   * Promise. Results are plain values (arrays, plain objects). Rejects with `StepwiseError`
   * `LIMIT_EXCEEDED` (time, depth, sequence, size caps) or `EXPRESSION_FAILED`.
   */
  evaluate(context: ExpressionContext, options: EvaluationOptions): unknown | Promise<unknown>
}

/** Result of rendering a text template. */
export interface TemplateResult {
  /** The rendered text, or for a single-expression template the typed value. */
  value: unknown
  /** Expressions embedded in text that evaluated to `undefined` (rendered as ''). */
  missing: string[]
}

/** A compiled text template. */
export interface CompiledTemplate {
  /** The template text. */
  readonly source: string
  /** No `{{ }}` at all: `render` returns the text synchronously. */
  readonly isStatic: boolean
  /** The text is exactly one `{{ expr }}` (whitespace-trimmed): `render` gives the typed value. */
  readonly isSingle: boolean
  /** Renders the template. Synchronous when every embedded expression is a plain path. */
  render(context: ExpressionContext, options: EvaluationOptions): TemplateResult | Promise<TemplateResult>
}

/** Result of rendering a value template. */
export interface ValueTemplateResult {
  /** The value with every template string rendered. */
  value: unknown
  /** Expressions embedded in text (at `pointer`) that evaluated to `undefined`. */
  missing: { pointer: string; expression: string }[]
  /** Whole-value `{{ expr }}` strings (at `pointer`) that evaluated to `undefined`. */
  undefinedWhole: { pointer: string; expression: string }[]
}

/** A compiled value template: any JSON whose strings are templates. */
export interface CompiledValueTemplate {
  /** No template anywhere: `render` returns the same value synchronously, without copying. */
  readonly isStatic: boolean
  /** Renders every template string of the value into a new value. */
  render(context: ExpressionContext, options: EvaluationOptions): ValueTemplateResult | Promise<ValueTemplateResult>
}
