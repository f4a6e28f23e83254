/**
 * @module
 * Diagram metadata of the `set` step.
 */
import { truncateSummary } from '../../language/summary-text.js'
import type { StepDiagramMeta } from '../diagram-meta.js'
import type { SetStep } from './schema.js'

/** How a `set` step is drawn: `set a, b, c`. */
export const setStepDiagram: StepDiagramMeta<SetStep> = {
  label: 'Set values',
  icon: 'variable',
  category: 'data',
  blocks: [],
  summarize: (step) => truncateSummary(`set ${Object.keys(step.values ?? {}).join(', ')}`),
}
