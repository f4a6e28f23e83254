import { describe, expect, it } from 'vitest'
import { stepIssues, testValidator } from '../../language/test-validator.js'
import { agentPromptStepDiagram } from './diagram.js'
import type { AgentPromptStep } from './schema.js'

describe('agent_prompt', () => {
  it('accepts every documented field', () => {
    const step = {
      type: 'agent_prompt', prompt: 'Summarise {{ outputs.fetch }}', system: 'You are {{ variables.role }}', persona: 'reviewer', model: 'fast', fallbackModels: ['default'],
      tools: ['search'], thread: '@new', maxSteps: 5, outputSchema: { type: 'object', properties: { summary: { type: 'string' } }, required: ['summary'] }, interrupt: true, timeoutMs: 900000,
    }
    expect(stepIssues([step], { tools: ['search'], models: ['default', 'fast'] })).toEqual([])
  })

  it.each(['content', 'message', 'goal'])('normalises the alias %s to prompt', (alias) => {
    const result = testValidator.validate({ id: 'w', steps: [{ id: 'a', type: 'agent_prompt', [alias]: 'Hi', model: 'm' }] })
    expect(result.ok && result.workflow.steps[0]).toEqual({ id: 'a', type: 'agent_prompt', prompt: 'Hi', model: 'm' })
  })

  it('needs exactly one prompt spelling', () => {
    expect(stepIssues([{ type: 'agent_prompt' }])).toEqual([expect.objectContaining({ path: '/steps/0/prompt', code: 'missing_field' })])
    expect(stepIssues([{ type: 'agent_prompt', prompt: 'a', goal: 'b' }])).toEqual([expect.objectContaining({ path: '/steps/0/goal', code: 'invalid_field' })])
  })

  it('compiles prompt, aliases and system as templates', () => {
    expect(stepIssues([{ type: 'agent_prompt', content: 'x {{ a && b }}' }])).toEqual([expect.objectContaining({ path: '/steps/0/content', code: 'js_operator' })])
    expect(stepIssues([{ type: 'agent_prompt', prompt: 'x', system: '{{ 1 + }}' }])).toEqual([expect.objectContaining({ path: '/steps/0/system', code: 'invalid_expression' })])
  })

  it('checks timeouts, maxSteps and names', () => {
    expect(stepIssues([{ type: 'agent_prompt', prompt: 'x', timeoutMs: 999, maxSteps: 51 }]).map((issue) => issue.path)).toEqual(['/steps/0/timeoutMs', '/steps/0/maxSteps'])
    const issues = stepIssues([{ type: 'agent_prompt', prompt: 'x', model: 'gpt', fallbackModels: ['default', 'fsat'], tools: ['serach'] }], { tools: ['search'], models: ['default', 'fast'] })
    expect(issues).toEqual([
      expect.objectContaining({ path: '/steps/0/model', code: 'unknown_model' }),
      expect.objectContaining({ path: '/steps/0/fallbackModels/1', code: 'unknown_model', hint: expect.stringContaining('Did you mean `fast`') }),
      expect.objectContaining({ path: '/steps/0/tools/0', code: 'unknown_tool', hint: expect.stringContaining('`search`') }),
    ])
    expect(stepIssues([{ type: 'agent_prompt', prompt: 'x', model: 'gpt' }])).toEqual([])
  })

  it('checks both outputSchema forms', () => {
    expect(stepIssues([{ type: 'agent_prompt', prompt: 'x', outputSchema: { score: { type: 'number', description: 'd' }, tags: { type: 'array' } } }])).toEqual([])
    const flat = stepIssues([{ type: 'agent_prompt', prompt: 'x', outputSchema: { 'bad name': { type: 'string' }, a: { type: 'date' }, b: { type: 'string', items: {} }, c: 'string' } }])
    expect(flat.map((issue) => issue.path)).toEqual(['/steps/0/outputSchema/bad name', '/steps/0/outputSchema/a/type', '/steps/0/outputSchema/b/items', '/steps/0/outputSchema/c'])
    const json = stepIssues([{ type: 'agent_prompt', prompt: 'x', outputSchema: { type: 'array', items: {} } }])
    expect(json.map((issue) => issue.path)).toEqual(['/steps/0/outputSchema/type', '/steps/0/outputSchema/properties'])
    expect(stepIssues([{ type: 'agent_prompt', prompt: 'x', outputSchema: {} }])).toEqual([expect.objectContaining({ path: '/steps/0/outputSchema' })])
  })

  it('summarises the prompt in 80 characters', () => {
    expect(agentPromptStepDiagram.summarize({ id: 'a', type: 'agent_prompt', prompt: `Hello\n${'x'.repeat(100)}` } as AgentPromptStep)).toHaveLength(80)
    expect(agentPromptStepDiagram.summarize({ id: 'a', type: 'agent_prompt', prompt: 'Short  prompt' })).toBe('Short prompt')
  })
})
