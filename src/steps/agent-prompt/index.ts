import { defineStepType } from '../../engine/step-type.js'
import { agentPromptStepDiagram } from './diagram.js'
import { AGENT_TIMEOUT, executeAgentPrompt, prepareAgentPrompt, publishAgentPrompt, type AgentPromptInput } from './executor.js'
import { agentPromptStepSchema, type AgentPromptStep } from './schema.js'

/** The `agent_prompt` step type: a streamed model turn with the step's allowed tools. */
export const agentPromptStepType = defineStepType<AgentPromptStep, AgentPromptInput>({
  type: 'agent_prompt',
  schema: agentPromptStepSchema,
  diagram: agentPromptStepDiagram,
  timeoutFor: (step, workflowDefault) => Math.min(Math.max(step.timeoutMs ?? workflowDefault ?? AGENT_TIMEOUT.default, AGENT_TIMEOUT.min), AGENT_TIMEOUT.max),
  prepare: prepareAgentPrompt,
  execute: executeAgentPrompt,
  publish: publishAgentPrompt,
})
