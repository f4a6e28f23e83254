/**
 * @module
 * Diagram metadata of the `approval` step.
 */
import { truncateSummary } from '../../language/summary-text.js'
import type { StepDiagramMeta } from '../diagram-meta.js'
import type { ApprovalStep } from './schema.js'

/** How an `approval` step is drawn: its prompt. */
export const approvalStepDiagram: StepDiagramMeta<ApprovalStep> = {
  label: 'Approval',
  icon: 'user-check',
  category: 'human',
  blocks: [],
  summarize: (step) => truncateSummary(step.prompt ?? 'Approval required'),
}
