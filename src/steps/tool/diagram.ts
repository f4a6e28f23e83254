/**
 * @module
 * Diagram metadata of the `tool` step.
 */
import type { StepDiagramMeta } from '../diagram-meta.js'
import type { ToolStep } from './schema.js'

/** How a `tool` step is drawn: `tool: <name>`. */
export const toolStepDiagram: StepDiagramMeta<ToolStep> = {
  label: 'Tool call',
  icon: 'wrench',
  category: 'action',
  blocks: [],
  summarize: (step) => `tool: ${step.tool}`,
}
