/**
 * @module
 * Schema of the `end` step: stops the execution.
 */
import { z } from 'zod'
import { baseExpressionFields, stepBaseShape, stringField } from '../../language/step-base-schema.js'
import type { StepSchemaSpec } from '../../language/step-schema-spec.js'
import type { StepBase, ValidationIssue } from '../../language/workflow-types.js'

/** Ends the execution with a status and an optional output. */
export interface EndStep extends StepBase {
  /** Discriminator. */
  type: 'end'
  /** Final execution status (default `completed`). */
  status?: 'completed' | 'failed'
  /** The execution's output (strings at any depth are templates). */
  output?: unknown
  /** Error message when `status` is `failed` (template). */
  error?: string
}

/** Schema spec of {@link EndStep}. */
export const endStepSchema: StepSchemaSpec<EndStep> = {
  type: 'end',
  schema: () =>
    z.strictObject({
      ...stepBaseShape('end'),
      status: z.enum(['completed', 'failed']).optional().describe('Final status (default completed).'),
      output: z.unknown().optional().describe('Execution output; strings at any depth are templates.'),
      error: z.string().optional().describe('Error message when status is failed (template).'),
    }),
  blocks: () => [],
  expressions: (step) => [...baseExpressionFields(step), ...(step.output !== undefined ? [{ pointer: '/output', kind: 'value' as const, value: step.output }] : []), ...stringField(step, 'error', 'template')],
  check(step) {
    const issues: ValidationIssue[] = []
    if (step.error !== undefined && step.status !== 'failed') {
      issues.push({ path: '/error', code: 'invalid_field', message: '`error` is only used when `status` is `failed`.', hint: 'Add `"status": "failed"` or remove `error`.' })
    }
    return issues
  },
}
