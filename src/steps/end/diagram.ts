/**
 * @module
 * Diagram metadata of the `end` step.
 */
import { truncateSummary } from '../../language/summary-text.js'
import type { StepDiagramMeta } from '../diagram-meta.js'
import type { EndStep } from './schema.js'

/** How an `end` step is drawn: `end: completed` or `end: failed — <error>`. */
export const endStepDiagram: StepDiagramMeta<EndStep> = {
  label: 'End',
  icon: 'flag',
  category: 'control',
  blocks: [],
  summarize: (step) => truncateSummary(`end: ${step.status ?? 'completed'}${step.status === 'failed' && step.error !== undefined ? ` — ${step.error}` : ''}`),
}
