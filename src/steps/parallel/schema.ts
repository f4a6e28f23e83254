/**
 * @module
 * Schema of the `parallel` step: runs branches at the same time.
 */
import { z } from 'zod'
import { baseExpressionFields, stepBaseShape } from '../../language/step-base-schema.js'
import type { StepBlockRef, StepSchemaSpec } from '../../language/step-schema-spec.js'
import type { StepBase, ValidationIssue } from '../../language/workflow-types.js'
import type { Step } from '../step.js'

/** Runs its branches at the same time. Output `{ branches }`. */
export interface ParallelStep extends StepBase {
  /** Discriminator. */
  type: 'parallel'
  /** The branches, each a block of steps run in order. Input may give `steps: Step[]` instead: one branch per step. */
  branches: Step[][]
}

/** Schema spec of {@link ParallelStep}. */
export const parallelStepSchema: StepSchemaSpec<ParallelStep> = {
  type: 'parallel',
  schema: (step) =>
    z.strictObject({
      ...stepBaseShape('parallel'),
      branches: z
        .array(z.array(step).min(1, { error: 'A branch needs at least one step.' }))
        .min(1, { error: 'A parallel step needs at least one branch.' })
        .optional()
        .describe('Branches: arrays of steps run at the same time.'),
      steps: z.array(step).min(1, { error: 'A parallel step needs at least one branch.' }).optional().describe('Shorthand: one branch per step.'),
    }),
  blocks(step): StepBlockRef[] {
    const record = step as unknown as Record<string, unknown>
    if (Array.isArray(record.branches)) {
      return record.branches.flatMap((branch, index) => (Array.isArray(branch) ? [{ key: `branches/${index}`, pointer: `/branches/${index}`, steps: branch as StepBase[] }] : []))
    }
    if (Array.isArray(record.steps)) {
      return record.steps.map((child, index) => ({ key: `branches/${index}`, pointer: `/steps/${index}`, steps: [child as StepBase], itemPointers: [`/steps/${index}`] }))
    }
    return []
  },
  expressions: (step) => baseExpressionFields(step),
  check(step) {
    const record = step as unknown as Record<string, unknown>
    const issues: ValidationIssue[] = []
    if (record.branches === undefined && record.steps === undefined) {
      issues.push({ path: '/branches', code: 'missing_field', message: 'A parallel step needs `branches` (arrays of steps) or `steps` (one branch per step).' })
    } else if (record.branches !== undefined && record.steps !== undefined) {
      issues.push({ path: '/steps', code: 'invalid_field', message: 'Give either `branches` or `steps`, not both.' })
    }
    return issues
  },
  normalize(step) {
    const record = step as unknown as Record<string, unknown>
    if (!Array.isArray(record.steps) || record.branches !== undefined) return step
    const entries = Object.entries(record).map(([name, value]) => (name === 'steps' ? ['branches', (value as unknown[]).map((child) => [child])] : [name, value]))
    return Object.fromEntries(entries) as ParallelStep
  },
}
