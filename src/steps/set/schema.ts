/**
 * @module
 * Schema of the `set` step: computes values and publishes them into `outputs`.
 */
import { z } from 'zod'
import { escapePointerToken } from '../../language/expressions/index.js'
import { baseExpressionFields, isRecord, outputNameSchema, stepBaseShape } from '../../language/step-base-schema.js'
import type { ExpressionFieldRef, StepSchemaSpec } from '../../language/step-schema-spec.js'
import type { StepBase } from '../../language/workflow-types.js'

/** Publishes computed values into `outputs.<key>`. Output: the values. */
export interface SetStep extends StepBase {
  /** Discriminator. */
  type: 'set'
  /** Name → JSONata expression (string; a `{{ }}` wrapper is accepted). Non-string JSON values are literals. */
  values: Record<string, unknown>
}

/** Schema spec of {@link SetStep}. */
export const setStepSchema: StepSchemaSpec<SetStep> = {
  type: 'set',
  schema: () =>
    z.strictObject({
      ...stepBaseShape('set'),
      values: z
        .record(outputNameSchema, z.unknown())
        .refine((values) => Object.keys(values).length > 0, { error: '`values` needs at least one entry.' })
        .describe('Name → JSONata expression (strings) or literal JSON value.'),
    }),
  blocks: () => [],
  expressions(step) {
    const values: ExpressionFieldRef[] = isRecord(step.values)
      ? Object.entries(step.values)
          .filter(([, value]) => typeof value === 'string')
          .map(([key, value]) => ({ pointer: `/values/${escapePointerToken(key)}`, kind: 'expression', value }))
      : []
    return [...baseExpressionFields(step), ...values]
  },
}
