import { tool } from 'ai'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { isInteractiveTool } from '../../src/index.js'
import { scriptedModel } from '../../src/testing/index.js'
import { agentEngine, agentTrace, eventsOf } from './agent-helpers.js'

describe('interactive tools', () => {
  it('the agent asking the user a question fails the step with a clear error; the tool never runs', async () => {
    let ran = false
    const question = tool({ description: 'Ask the user', inputSchema: z.object({ question: z.string() }), execute: async () => { ran = true; return 'yes' } })
    const model = scriptedModel([{ text: 'Let me check.', toolCalls: [{ toolName: 'question', input: { question: 'Which branch?' } }] }, 'unused'])
    const { engine } = agentEngine({ models: { default: model }, tools: { question } })
    const done = await engine.run({ id: 'w', steps: [{ id: 'a', type: 'agent_prompt', prompt: 'deploy', tools: ['question'] }] })
    expect(ran).toBe(false)
    expect(done.status).toBe('failed')
    expect(done.error).toMatchObject({ code: 'TOOL_FAILED', stepId: 'a', details: { reason: 'interactive_tool', tool: 'question', question: 'Which branch?' } })
    expect(done.error?.message).toContain('a workflow cannot ask questions')
    expect(agentTrace(await eventsOf(engine, done.id))).toEqual(['start default', 'call question', 'finish error'])
    expect(model.calls).toHaveLength(1)
  })

  it('the rule: interactive: true, a tool without execute (answered in the chat UI), or the names question/ask_user', async () => {
    const confirm = tool({ description: 'Ask the user to confirm', inputSchema: z.object({ message: z.string() }) })
    const marked = Object.assign(tool({ inputSchema: z.object({}), execute: async () => 'x' }), { interactive: true })
    const plain = tool({ inputSchema: z.object({}), execute: async () => 'x' })
    expect([isInteractiveTool('confirm', confirm), isInteractiveTool('pick', marked), isInteractiveTool('ask_user', plain), isInteractiveTool('plain', plain)]).toEqual([true, true, true, false])
    const model = scriptedModel({ toolCalls: [{ toolName: 'confirm', input: { message: 'Ship it?' } }] })
    const { engine } = agentEngine({ models: { default: model }, tools: { confirm } })
    const done = await engine.run({ id: 'w', steps: [{ id: 'a', type: 'agent_prompt', prompt: 'ship', tools: ['confirm'] }] })
    expect(done.error).toMatchObject({ code: 'TOOL_FAILED', message: expect.stringContaining('"confirm" ("Ship it?")') })
  })

  it('a tool needing approval (needsApproval) during the step fails the same way', async () => {
    const wipe = tool({ inputSchema: z.object({}), needsApproval: true, execute: async () => 'wiped' })
    const model = scriptedModel([{ toolCalls: [{ toolName: 'wipe' }] }, 'unused'])
    const { engine } = agentEngine({ models: { default: model }, tools: { wipe } })
    const done = await engine.run({ id: 'w', steps: [{ id: 'a', type: 'agent_prompt', prompt: 'clean', tools: ['wipe'] }] })
    expect(done.error).toMatchObject({ code: 'TOOL_FAILED', details: { reason: 'interactive_tool', tool: 'wipe' } })
  })
})
