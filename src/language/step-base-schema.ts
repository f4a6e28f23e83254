/**
 * @module
 * Zod building blocks shared by every step schema: the common step fields, retry policy,
 * conditions and helpers for blocks and expression fields.
 */
import { z } from 'zod'
import { IDENTIFIER_PATTERN, OUTPUT_NAME_PATTERN, STEP_ID_PATTERN } from './ids.js'
import type { ExpressionFieldRef, StepBlockRef } from './step-schema-spec.js'
import type { StepBase } from './workflow-types.js'

/** Largest `timeoutMs` accepted anywhere (one year). */
export const MAX_TIMEOUT_MS = 31_536_000_000

/** `__proto__` names no step, variable or output: assigned as a key it would replace the prototype of the object it lands in. */
export const RESERVED_NAME_ERROR = '`__proto__` is reserved: as a key it would replace the prototype of the object it is published into.'
const notReserved = (name: string): boolean => name !== '__proto__'

/** Schema of a step id. */
export const stepIdSchema = z
  .string()
  .regex(STEP_ID_PATTERN, { error: 'Ids may contain only letters, digits, `_` and `-` (1–128 characters; no `/` or `:`).' })
  .refine(notReserved, { error: RESERVED_NAME_ERROR })
  .describe('Unique id, [A-Za-z0-9_-]{1,128}. Derived from the position when omitted.')

/** Schema of an identifier (loop variables, field names). */
export const identifierSchema = z
  .string()
  .regex(IDENTIFIER_PATTERN, { error: 'Must be an identifier: a letter or `_`, then letters, digits or `_`.' })
  .refine(notReserved, { error: RESERVED_NAME_ERROR })

/** Schema of a name published into `outputs`. */
export const outputNameSchema = z
  .string()
  .regex(OUTPUT_NAME_PATTERN, { error: 'Must start with a letter or `_` and contain only letters, digits, `_` and `-` (at most 128).' })
  .refine(notReserved, { error: RESERVED_NAME_ERROR })

/** Schema of a timeout in ms within `[min, max]`. */
export function timeoutSchema(min = 1, max = MAX_TIMEOUT_MS): z.ZodNumber {
  return z
    .number()
    .int({ error: 'Must be a whole number of milliseconds.' })
    .min(min, { error: `Must be at least ${min} ms.` })
    .max(max, { error: `Must be at most ${max} ms.` })
}

/** Schema of a {@link RetryPolicy}. */
export const retryPolicySchema = z
  .strictObject({
    maxAttempts: z.number().int().min(1).max(100).optional().describe('Total attempts including the first.'),
    backoffMs: z.number().int().min(0).max(86_400_000).optional().describe('Delay before the first retry, ms.'),
    factor: z.number().min(1).max(10).optional().describe('Delay multiplier per retry.'),
    maxBackoffMs: z.number().int().min(0).max(86_400_000).optional().describe('Upper bound of one delay, ms.'),
    jitter: z.boolean().optional().describe('Randomise delays.'),
  })
  .describe('Retry policy for failed attempts.')

/** Schema of a condition: JSONata string, boolean, or legacy `{variable, equals}`. */
export const conditionSchema = z.union(
  [
    z.string().min(1).describe('JSONata expression, e.g. `outputs.score > 0.8 and variables.dryRun = false`.'),
    z.boolean(),
    z.strictObject({ variable: z.string().min(1), equals: z.unknown().optional() }).describe('Legacy form: variables[variable] ?? outputs[variable], compared with `equals`.'),
  ],
  { error: 'Must be a JSONata expression string, a boolean, or `{ "variable": …, "equals": … }`.' },
)

/** Free-form metadata object. */
export const metadataSchema = z.record(z.string(), z.unknown()).describe('Free-form host data; never interpreted.')

/** The zod shape of the fields every step has, with `type` fixed to `type`. */
export function stepBaseShape<TType extends string>(type: TType) {
  return {
    id: stepIdSchema.optional(),
    type: z.literal(type),
    name: z.string().optional().describe('Display name.'),
    description: z.string().optional(),
    if: z.union([z.string().min(1), z.boolean()], { error: 'Must be a JSONata expression string or a boolean.' }).optional().describe('Run condition (JSONata); the step is skipped when false.'),
    outputVariable: outputNameSchema.optional().describe('Publish the output under outputs.<outputVariable> instead of outputs.<id>.'),
    timeoutMs: timeoutSchema().optional().describe('Timeout of one attempt, ms.'),
    retry: retryPolicySchema.optional(),
    onError: z.enum(['fail', 'continue']).optional().describe('`fail` (default) stops the block; `continue` goes on.'),
    metadata: metadataSchema.optional(),
  }
}

/** The expression fields every step has (`if`), to include in a spec's `expressions()`. */
export function baseExpressionFields(step: StepBase): ExpressionFieldRef[] {
  const condition = (step as { if?: unknown }).if
  return typeof condition === 'string' ? [{ pointer: '/if', kind: 'condition', value: condition }] : []
}

/** A template field when it is a string, else nothing (the shape check reports wrong types). */
export function stringField(step: object, key: string, kind: ExpressionFieldRef['kind']): ExpressionFieldRef[] {
  const value = (step as Record<string, unknown>)[key]
  return typeof value === 'string' ? [{ pointer: `/${key}`, kind, value }] : []
}

/** A block for an array field (`then`, `else`, `steps`), when the field is an array. */
export function arrayBlock(step: object, key: string): StepBlockRef[] {
  const value = (step as Record<string, unknown>)[key]
  return Array.isArray(value) ? [{ key, pointer: `/${key}`, steps: value as StepBase[] }] : []
}

/** True when `value` is a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
