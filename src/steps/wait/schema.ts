/**
 * @module
 * Schema of the `wait` step: a durable timer.
 */
import { z } from 'zod'
import { baseExpressionFields, MAX_TIMEOUT_MS, stepBaseShape, stringField } from '../../language/step-base-schema.js'
import type { StepSchemaSpec } from '../../language/step-schema-spec.js'
import type { StepBase, ValidationIssue } from '../../language/workflow-types.js'

/** Waits for a duration or until a time; survives restarts. Output `{ waitedMs }`. */
export interface WaitStep extends StepBase {
  /** Discriminator. */
  type: 'wait'
  /** How long to wait, ms. Exactly one of `durationMs` and `until`. */
  durationMs?: number
  /** JSONata expression giving an ISO time (or epoch ms) to wait for. */
  until?: string
}

/** Schema spec of {@link WaitStep}. */
export const waitStepSchema: StepSchemaSpec<WaitStep> = {
  type: 'wait',
  schema: () =>
    z.strictObject({
      ...stepBaseShape('wait'),
      durationMs: z.number().int().min(0).max(MAX_TIMEOUT_MS).optional().describe('How long to wait, ms.'),
      until: z.string().min(1).optional().describe('JSONata expression giving an ISO time.'),
    }),
  blocks: () => [],
  expressions: (step) => [...baseExpressionFields(step), ...stringField(step, 'until', 'expression')],
  check(step) {
    const issues: ValidationIssue[] = []
    if (step.durationMs === undefined && step.until === undefined) {
      issues.push({ path: '/durationMs', code: 'missing_field', message: 'A wait step needs `durationMs` or `until`.' })
    } else if (step.durationMs !== undefined && step.until !== undefined) {
      issues.push({ path: '/until', code: 'invalid_field', message: 'Give either `durationMs` or `until`, not both.' })
    }
    return issues
  },
}
