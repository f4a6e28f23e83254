/**
 * @module
 * Diagram metadata of the `parallel` step.
 */
import type { StepDiagramMeta } from '../diagram-meta.js'
import type { ParallelStep } from './schema.js'

/** How a `parallel` step is drawn: `N branches`, fanned out and joined. */
export const parallelStepDiagram: StepDiagramMeta<ParallelStep> = {
  label: 'Parallel',
  icon: 'split',
  category: 'control',
  blocks: ['branches'],
  summarize(step) {
    const count = Array.isArray(step.branches) ? step.branches.length : 0
    return `${count} branch${count === 1 ? '' : 'es'}`
  },
}
