/**
 * @module
 * The contract between the validator and a step type's schema: one {@link StepSchemaSpec} per type.
 */
import type { z } from 'zod'
import type { StepBase, ValidationIssue } from './workflow-types.js'

/** A nested block of steps inside a container step (conditional branches, loop body, parallel branches). */
export interface StepBlockRef {
  /** Block name used in derived ids and iteration paths: `then`, `else`, `steps`, `branches/0` … */
  key: string
  /** JSON Pointer suffix of the block relative to the step, e.g. `/then`, `/branches/0`. */
  pointer: string
  /** The steps of the block, in the order they are written. */
  steps: StepBase[]
  /**
   * Pointer of each step relative to the container step, when it is not `<pointer>/<index>`.
   * Used for input forms that are normalised later (a parallel `steps: [a, b]` is read as the
   * branches `[a]`, `[b]` while issues still point at `/steps/0`, `/steps/1`).
   */
  itemPointers?: string[]
}

/** Kinds of expression fields: how the validator compiles them at save time. */
export type ExpressionFieldKind = 'expression' | 'template' | 'condition' | 'value'

/** One expression or template field of a step. */
export interface ExpressionFieldRef {
  /** JSON Pointer of the field relative to the step, e.g. `/prompt`, `/values/total`. */
  pointer: string
  /**
   * `expression`: raw JSONata (a `{{ }}` wrapper is accepted). `template`: text with `{{ }}`.
   * `condition`: expression, boolean or legacy `{variable, equals}`. `value`: any JSON whose strings
   * are templates.
   */
  kind: ExpressionFieldKind
  /** The field's value as written. */
  value: unknown
}

/** Host registries a step check may compare names against (absent = unknown, not checked). */
export interface StepCheckContext {
  /** Names of the host's tools. */
  tools?: readonly string[]
  /** Names in the host's model map. */
  models?: readonly string[]
  /** Names of the host's notifiers. */
  notifiers?: readonly string[]
}

/**
 * Schema and static checks of one step type.
 *
 * The validator calls `blocks`, `expressions`, `check` and `normalize` on the step **as written**
 * (after its own shape check, but possibly with other issues), so implementations must be
 * defensive: read fields with `typeof`/`Array.isArray` checks and skip what has the wrong shape.
 */
export interface StepSchemaSpec<TStep extends StepBase = StepBase> {
  /** The `type` value this spec describes. */
  type: TStep['type']
  /**
   * Zod object schema of the step as written (strict: unknown keys are errors; input aliases
   * allowed). `step` is the schema of any step, used for nested arrays: the validator passes a
   * shallow placeholder and validates nested steps itself; the JSON Schema export passes the
   * recursive union.
   */
  schema(step: z.ZodType): z.ZodType
  /** Nested step blocks, in the order they are written. Leaves return `[]`. */
  blocks(step: TStep): StepBlockRef[]
  /**
   * Expression and template fields for save-time compilation, including the common `if` field
   * (see `baseExpressionFields`).
   */
  expressions(step: TStep): ExpressionFieldRef[]
  /** Extra semantic checks; issues carry pointers relative to the step. */
  check?(step: TStep, context: StepCheckContext): ValidationIssue[]
  /**
   * Rewrites input aliases into the canonical form (e.g. `content` → `prompt`, parallel `steps` →
   * `branches`). Receives a shallow copy whose nested blocks are already normalised; returns the
   * normalised step. Absent = nothing to rewrite.
   */
  normalize?(step: TStep): TStep
}
