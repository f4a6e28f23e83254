/**
 * @module
 * Diagram metadata of the `conditional` step.
 */
import { summarizeValue, truncateSummary } from '../../language/summary-text.js'
import type { StepDiagramMeta } from '../diagram-meta.js'
import type { ConditionalStep } from './schema.js'

/** How a `conditional` step is drawn: `if <condition>`, with `then`/`else` edges. */
export const conditionalStepDiagram: StepDiagramMeta<ConditionalStep> = {
  label: 'Condition',
  icon: 'git-branch',
  category: 'control',
  blocks: ['then', 'else'],
  summarize(step) {
    const condition = step.condition
    if (typeof condition === 'object' && condition !== null) {
      return truncateSummary(`if ${condition.variable}${Object.hasOwn(condition, 'equals') ? ` = ${summarizeValue(condition.equals, 40)}` : ''}`)
    }
    return truncateSummary(`if ${String(condition)}`)
  },
}
