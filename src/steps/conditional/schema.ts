/**
 * @module
 * Schema of the `conditional` step: runs `then` or `else` depending on a condition.
 */
import { z } from 'zod'
import { arrayBlock, baseExpressionFields, conditionSchema, stepBaseShape } from '../../language/step-base-schema.js'
import type { StepSchemaSpec } from '../../language/step-schema-spec.js'
import type { StepBase } from '../../language/workflow-types.js'
import type { Step } from '../step.js'

/** Legacy condition form: `variables[variable] ?? outputs[variable]`, compared with `equals` (strict) or tested for truthiness. */
export interface LegacyCondition {
  /** Name of a variable (or output). */
  variable: string
  /** Expected value; when absent, the value is tested for truthiness. */
  equals?: unknown
}

/** Branches on a condition. Output `{ condition, branch }`. */
export interface ConditionalStep extends StepBase {
  /** Discriminator. */
  type: 'conditional'
  /** JSONata expression (e.g. `outputs.score > 0.8`), a boolean, or the legacy `{ variable, equals }` form. */
  condition: string | boolean | LegacyCondition
  /** Steps run when the condition is true. */
  then?: Step[]
  /** Steps run when it is false. */
  else?: Step[]
}

/** Schema spec of {@link ConditionalStep}. */
export const conditionalStepSchema: StepSchemaSpec<ConditionalStep> = {
  type: 'conditional',
  schema: (step) =>
    z.strictObject({
      ...stepBaseShape('conditional'),
      condition: conditionSchema.describe('JSONata condition, boolean, or {variable, equals}.'),
      then: z.array(step).optional().describe('Steps run when the condition is true.'),
      else: z.array(step).optional().describe('Steps run when it is false.'),
    }),
  blocks: (step) => [...arrayBlock(step, 'then'), ...arrayBlock(step, 'else')],
  expressions: (step) => [
    ...baseExpressionFields(step),
    ...(step.condition !== undefined && step.condition !== null ? [{ pointer: '/condition', kind: 'condition' as const, value: step.condition }] : []),
  ],
}
