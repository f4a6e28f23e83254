import { defineStepType } from '../../engine/step-type.js'
import { approvalStepDiagram } from './diagram.js'
import { executeApproval, prepareApproval, type ApprovalInput } from './executor.js'
import { approvalStepSchema, type ApprovalStep } from './schema.js'

/** The `approval` step type: pauses durably until a person decides. */
export const approvalStepType = defineStepType<ApprovalStep, ApprovalInput>({
  type: 'approval',
  schema: approvalStepSchema,
  diagram: approvalStepDiagram,
  timeout: 'none',
  prepare: prepareApproval,
  execute: executeApproval,
})
