/**
 * @module
 * Diagram metadata of the `notify` step.
 */
import { truncateSummary } from '../../language/summary-text.js'
import type { StepDiagramMeta } from '../diagram-meta.js'
import type { NotifyStep } from './schema.js'

/** How a `notify` step is drawn: its content (with the target when it is not `default`). */
export const notifyStepDiagram: StepDiagramMeta<NotifyStep> = {
  label: 'Notify',
  icon: 'bell',
  category: 'action',
  blocks: [],
  summarize: (step) => truncateSummary(`${step.target !== undefined && step.target !== 'default' ? `→ ${step.target}: ` : ''}${step.content ?? ''}`),
}
