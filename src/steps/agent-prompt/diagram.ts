/**
 * @module
 * Diagram metadata of the `agent_prompt` step.
 */
import type { StepDiagramMeta } from '../diagram-meta.js'
import { truncateSummary } from '../../language/summary-text.js'
import type { AgentPromptStep } from './schema.js'

/** How an `agent_prompt` step is drawn: its prompt, truncated to 80 characters. */
export const agentPromptStepDiagram: StepDiagramMeta<AgentPromptStep> = {
  label: 'Agent prompt',
  icon: 'sparkles',
  category: 'ai',
  blocks: [],
  summarize: (step) => truncateSummary(step.prompt ?? ''),
}
