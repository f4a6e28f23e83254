/**
 * @module
 * Diagram metadata of the `loop` step.
 */
import { summarizeValue } from '../../language/summary-text.js'
import type { StepDiagramMeta } from '../diagram-meta.js'
import type { LoopStep } from './schema.js'

/** How a `loop` step is drawn: `for each <over>` around its body. */
export const loopStepDiagram: StepDiagramMeta<LoopStep> = {
  label: 'Loop',
  icon: 'repeat',
  category: 'control',
  blocks: ['steps'],
  summarize: (step) => `for each ${summarizeValue(step.over, 60)}${step.concurrency !== undefined && step.concurrency > 1 ? ` (×${step.concurrency})` : ''}`,
}
