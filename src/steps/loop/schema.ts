/**
 * @module
 * Schema of the `loop` step: runs its body once per item of an array.
 */
import { z } from 'zod'
import { arrayBlock, baseExpressionFields, identifierSchema, stepBaseShape } from '../../language/step-base-schema.js'
import type { ExpressionFieldRef, StepSchemaSpec } from '../../language/step-schema-spec.js'
import type { StepBase, ValidationIssue } from '../../language/workflow-types.js'
import type { Step } from '../step.js'

/** Variable names a loop may not bind. */
export const RESERVED_LOOP_NAMES: readonly string[] = ['_trigger', '_payload', 'loop']

/** Runs `steps` once per item of `over`. Output `{ iterations, results }`. */
export interface LoopStep extends StepBase {
  /** Discriminator. */
  type: 'loop'
  /** JSONata expression giving an array (e.g. `outputs.plan.items`), or an inline array whose strings are templates. */
  over: string | unknown[]
  /** Variable bound to the item (default `item`); also readable as `loop.item`. */
  itemVar?: string
  /** Variable bound to the 0-based index (default `index`); also readable as `loop.index`. */
  indexVar?: string
  /** The body, run per item. */
  steps: Step[]
  /** Iterations run at the same time (default 1, at most 50). */
  concurrency?: number
  /** Upper bound of iterations for this loop (the workflow limit applies too). */
  maxIterations?: number
}

/** Schema spec of {@link LoopStep}. */
export const loopStepSchema: StepSchemaSpec<LoopStep> = {
  type: 'loop',
  schema: (step) =>
    z.strictObject({
      ...stepBaseShape('loop'),
      over: z
        .union([z.string().min(1), z.array(z.unknown())], { error: '`over` must be a JSONata expression giving an array (e.g. "outputs.plan.items") or an inline array.' })
        .describe('JSONata expression giving an array, or an inline array.'),
      itemVar: identifierSchema.optional().describe('Variable bound to the item (default "item").'),
      indexVar: identifierSchema.optional().describe('Variable bound to the index (default "index").'),
      steps: z.array(step).min(1, { error: 'A loop needs at least one step in its body.' }).describe('The body, run per item.'),
      concurrency: z.number().int().min(1).max(50).optional().describe('Iterations run at the same time (default 1).'),
      maxIterations: z.number().int().min(1).max(1_000_000).optional().describe('Upper bound of iterations.'),
    }),
  blocks: (step) => arrayBlock(step, 'steps'),
  expressions(step) {
    const over: ExpressionFieldRef[] =
      typeof step.over === 'string' ? [{ pointer: '/over', kind: 'expression', value: step.over }] : Array.isArray(step.over) ? [{ pointer: '/over', kind: 'value', value: step.over }] : []
    return [...baseExpressionFields(step), ...over]
  },
  check(step) {
    const issues: ValidationIssue[] = []
    const itemVar = step.itemVar ?? 'item'
    const indexVar = step.indexVar ?? 'index'
    if (itemVar === indexVar) issues.push({ path: step.indexVar === undefined ? '/itemVar' : '/indexVar', code: 'invalid_field', message: `\`itemVar\` and \`indexVar\` are both \`${itemVar}\`.` })
    for (const key of ['itemVar', 'indexVar'] as const) {
      const name = step[key]
      if (typeof name === 'string' && RESERVED_LOOP_NAMES.includes(name)) {
        issues.push({ path: `/${key}`, code: 'invalid_field', message: `\`${name}\` is reserved and cannot be a loop variable.` })
      }
    }
    return issues
  },
}
