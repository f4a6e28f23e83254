import { tool } from 'ai'
import { MockLanguageModelV3 } from 'ai/test'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createEngine, draftWorkflow, memoryStorage, workflowJsonSchema } from '../../src/index.js'
import { scriptedModel } from '../../src/testing/index.js'
import { failure } from './draft-test-helpers.js'

const valid = {
  id: 'daily-digest',
  name: 'Daily digest',
  steps: [
    { id: 'summarise', type: 'agent_prompt', prompt: 'Summarise {{variables.topic}}' },
    { id: 'tell', type: 'notify', content: '{{outputs.summarise}}' },
  ],
  variables: { topic: { type: 'string', required: true } },
}

describe('draftWorkflow', () => {
  it('returns the first valid draft, after one call that taught the language and the schema', async () => {
    const model = scriptedModel([{ json: valid }])
    const result = await draftWorkflow({ model, prompt: 'Summarise a topic every day and tell me.' })
    expect(result.attempts).toBe(1)
    expect(result.workflow.id).toBe('daily-digest')
    expect(result.workflow.steps.map((step) => step.id)).toEqual(['summarise', 'tell'])
    expect(model.calls).toHaveLength(1)
    const [call] = model.calls
    expect(call.lastUserText).toContain('Summarise a topic every day and tell me.')
    expect(call.system).toContain('agent_prompt')
    expect(call.system).toContain('JSONata')
    expect(call.system).toContain('@new')
    expect(call.system).toContain((workflowJsonSchema.properties as Record<string, { description?: string }>).id.description)
    expect(call.toolNames).toEqual([])
  })

  it('feeds numbered issues and the previous draft back, and returns the fixed draft', async () => {
    const broken = { id: 'gate', steps: [{ id: 'ask', type: 'agent', prompt: 'hi' }, { id: 'check', type: 'conditional', condition: 'outputs.ask && true', then: [] }] }
    const fixed = { id: 'gate', steps: [{ id: 'ask', type: 'agent_prompt', prompt: 'hi' }, { id: 'check', type: 'conditional', condition: 'outputs.ask and true', then: [] }] }
    const model = scriptedModel([{ json: broken }, { json: fixed }])
    const result = await draftWorkflow({ model, prompt: 'Ask, then check.' })
    expect(result.attempts).toBe(2)
    expect(result.workflow.steps[0].type).toBe('agent_prompt')
    const retry = model.calls[1].lastUserText
    expect(retry).toContain('Ask, then check.')
    expect(retry).toContain('Your previous draft:')
    expect(retry).toContain('"type": "agent"')
    expect(retry).toMatch(/^1\. \/steps\/0\/type: .*Hint: .*agent_prompt/m)
    expect(retry).toMatch(/^2\. \/steps\/1\/condition: .*Hint: .*and/m)
    expect(model.calls[0].lastUserText).not.toContain('previous draft')
  })

  it('reads JSON from a fenced block surrounded by prose', async () => {
    const model = scriptedModel([`Here is your workflow:\n\n\`\`\`json\n${JSON.stringify(valid, null, 2)}\n\`\`\`\n\nIt sends a digest.`])
    const result = await draftWorkflow({ model, prompt: 'A digest.' })
    expect(result).toMatchObject({ attempts: 1, workflow: { id: 'daily-digest' } })
  })

  it('repeats the request with a reminder when the reply has no JSON', async () => {
    const model = scriptedModel(['Sure! What should the workflow do first?', { json: valid }])
    const result = await draftWorkflow({ model, prompt: 'A digest of {{topic}}.' })
    expect(result.attempts).toBe(2)
    const retry = model.calls[1].lastUserText
    expect(retry).toContain('A digest of {{topic}}.')
    expect(retry).toMatch(/Reminder: .*no JSON object/)
    expect(retry).not.toContain('previous draft')
  })

  it('fails with DRAFT_FAILED and the last issues after 3 invalid drafts', async () => {
    const model = scriptedModel([{ json: { steps: [{ type: 'agent' }] } }, 'no json here', { json: { id: 'x', steps: [{ id: 'a', type: 'loop', over: 'items' }] } }, { json: valid }])
    const error = await failure(draftWorkflow({ model, prompt: 'Loop over items.' }))
    expect(error.code).toBe('DRAFT_FAILED')
    expect(model.calls).toHaveLength(3)
    expect(error.details?.attempts).toBe(3)
    const issues = error.details?.issues as { path: string; message: string }[]
    expect(issues.some((issue) => issue.path === '/steps/0/steps')).toBe(true)
    expect(error.details?.lastText).toContain('"loop"')
    expect(error.message).toContain('/steps/0/steps')
  })

  it('honours maxAttempts', async () => {
    const model = scriptedModel(['nothing', { json: valid }])
    const error = await failure(draftWorkflow({ model, prompt: 'A digest.', maxAttempts: 1 }))
    expect(error.code).toBe('DRAFT_FAILED')
    expect(error.details?.issues).toEqual([expect.objectContaining({ code: 'invalid_json' })])
    expect(model.calls).toHaveLength(1)
  })

  it('rejects tool names the engine does not know, and lists the catalog to the model', async () => {
    const search = tool({ description: 'Searches the web.', inputSchema: z.object({ q: z.string() }), execute: async () => [] })
    const engine = createEngine({ storage: memoryStorage(), tools: { search } })
    const draft = (name: string) => ({ id: 'find', steps: [{ id: 'look', type: 'tool', tool: name, arguments: { q: 'stepwise' } }] })
    const model = scriptedModel([{ json: draft('serch') }, { json: draft('search') }])
    const result = await draftWorkflow({ model, prompt: 'Search for stepwise.', engine, catalog: { tools: { search } } })
    expect(result.attempts).toBe(2)
    expect(model.calls[0].system).toContain('- search: Searches the web.')
    expect(model.calls[1].lastUserText).toMatch(/1\. \/steps\/0\/tool: Unknown tool `serch`\. Hint: .*search/)
    const unchecked = await draftWorkflow({ model: scriptedModel([{ json: draft('serch') }]), prompt: 'Search.' })
    expect(unchecked.attempts).toBe(1)
  })

  it('checks catalog names when no engine is given', async () => {
    const model = scriptedModel([{ json: { id: 'n', steps: [{ id: 'a', type: 'notify', target: 'slack', content: 'hi' }] } }, { json: { id: 'n', steps: [{ id: 'a', type: 'notify', target: 'email', content: 'hi' }] } }])
    const result = await draftWorkflow({ model, prompt: 'Notify me.', catalog: { notifiers: ['email'] } })
    expect(result.attempts).toBe(2)
    expect(model.calls[1].lastUserText).toContain('Unknown notifier `slack`')
  })

  it('fills the step ids and the workflow id the model left out', async () => {
    const model = scriptedModel([{ json: { name: 'Triage a new Issue!', steps: [{ type: 'agent_prompt', prompt: 'Triage' }, { type: 'conditional', condition: 'true', then: [{ type: 'notify', content: 'done' }] }] } }])
    const { workflow } = await draftWorkflow({ model, prompt: 'Triage issues.' })
    expect(workflow.id).toBe('triage-a-new-issue')
    expect(workflow.steps.map((step) => step.id)).toEqual(['step_0', 'step_1'])
    expect((workflow.steps[1] as unknown as { then: { id: string }[] }).then[0].id).toBe('step_1_then_0')
    const nameless = await draftWorkflow({ model: scriptedModel([{ json: { steps: [{ type: 'notify', content: 'x' }] } }]), prompt: 'Notify.' })
    expect(nameless.workflow.id).toMatch(/^wf-[0-9a-f]{12}$/)
  })

  it('refines a base: shows it, keeps its id when the model drops it', async () => {
    const model = scriptedModel([{ json: { ...valid, id: undefined, name: 'Renamed digest' } }])
    const { workflow } = await draftWorkflow({ model, prompt: 'Rename it.', base: valid })
    expect(workflow.id).toBe('daily-digest')
    expect(workflow.name).toBe('Renamed digest')
    expect(model.calls[0].lastUserText).toContain('The workflow to change:')
    expect(model.calls[0].lastUserText).toContain('"id": "summarise"')
  })

  it('works with a plain MockLanguageModelV3 from ai/test', async () => {
    let prompt = ''
    const model = new MockLanguageModelV3({
      doGenerate: async (options) => {
        prompt = JSON.stringify(options.prompt)
        return {
          content: [{ type: 'text', text: JSON.stringify(valid) }],
          finishReason: { unified: 'stop', raw: 'stop' },
          usage: { inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 1, text: 1, reasoning: 0 } },
          warnings: [],
        }
      },
    })
    const result = await draftWorkflow({ model, prompt: 'A digest.' })
    expect(result.attempts).toBe(1)
    expect(prompt).toContain('A digest.')
  })

  it('reports a failing model as MODEL_FAILED and an abort as CANCELLED', async () => {
    const failing = await failure(draftWorkflow({ model: scriptedModel([{ error: { status: 401, message: 'bad key' } }]), prompt: 'x', maxRetries: 0 }))
    expect(failing.code).toBe('MODEL_FAILED')
    expect(failing.message).toContain('bad key')
    const controller = new AbortController()
    const hanging = draftWorkflow({ model: scriptedModel([{ hang: true }]), prompt: 'x', abortSignal: controller.signal })
    setTimeout(() => controller.abort(), 20)
    expect((await failure(hanging)).code).toBe('CANCELLED')
    const early = await failure(draftWorkflow({ model: scriptedModel([{ json: valid }]), prompt: 'x', abortSignal: AbortSignal.abort() }))
    expect(early.code).toBe('CANCELLED')
  })
})
