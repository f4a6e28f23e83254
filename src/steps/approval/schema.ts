/**
 * @module
 * Schema of the `approval` step: pauses the execution durably until a human decides.
 */
import { z } from 'zod'
import { baseExpressionFields, stepBaseShape, stringField } from '../../language/step-base-schema.js'
import type { StepSchemaSpec } from '../../language/step-schema-spec.js'
import type { StepBase } from '../../language/workflow-types.js'

/** Waits for a human decision. Output `{ approved, decision, by, comment, decidedAt }`. */
export interface ApprovalStep extends StepBase {
  /** Discriminator. */
  type: 'approval'
  /** What the approver is asked (template). */
  prompt?: string
  /** Who may approve: opaque data for the host. */
  approvers?: unknown
  /** What a timeout (`timeoutMs`) means: `deny` (default), `approve` or `fail`. */
  onTimeout?: 'deny' | 'approve' | 'fail'
  /** What a denial does: `cancel` (default) ends the execution `cancelled`; `continue` completes with `approved: false`; `fail`. */
  onDeny?: 'cancel' | 'continue' | 'fail'
}

/** Schema spec of {@link ApprovalStep}. */
export const approvalStepSchema: StepSchemaSpec<ApprovalStep> = {
  type: 'approval',
  schema: () =>
    z.strictObject({
      ...stepBaseShape('approval'),
      prompt: z.string().optional().describe('What the approver is asked (template).'),
      approvers: z.unknown().optional().describe('Who may approve (opaque, for the host).'),
      onTimeout: z.enum(['deny', 'approve', 'fail']).optional().describe('Effect of a timeout (default deny).'),
      onDeny: z.enum(['cancel', 'continue', 'fail']).optional().describe('Effect of a denial (default cancel).'),
    }),
  blocks: () => [],
  expressions: (step) => [...baseExpressionFields(step), ...stringField(step, 'prompt', 'template')],
}
