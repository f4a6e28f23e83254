/**
 * @module
 * Diagram metadata of the `bash` step.
 */
import { truncateSummary } from '../../language/summary-text.js'
import type { StepDiagramMeta } from '../diagram-meta.js'
import type { BashStep } from './schema.js'

/** How a `bash` step is drawn: `$ <command>`. */
export const bashStepDiagram: StepDiagramMeta<BashStep> = {
  label: 'Shell command',
  icon: 'terminal',
  category: 'action',
  blocks: [],
  summarize: (step) => truncateSummary(`$ ${step.command ?? ''}`),
}
