import { tool } from 'ai'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { aiSdkAgent } from '../../src/index.js'
import { scriptedModel } from '../../src/testing/index.js'
import { agentEngine, agentTrace, eventsOf } from './agent-helpers.js'

describe('agent_prompt executor', () => {
  it('streams a text reply: every delta is an event with back-pointers and turnId, output and outputs.<name>', async () => {
    const model = scriptedModel('Hello there, workflow!')
    const { engine } = agentEngine({ models: { default: model } })
    const done = await engine.run({ id: 'w', variables: { who: { type: 'string', default: 'Ana' } }, steps: [{ id: 'greet', type: 'agent_prompt', prompt: 'Greet {{ variables.who }}', system: 'Be brief.' }] })
    expect(done.status).toBe('completed')
    expect(done.outputs.greet).toBe('Hello there, workflow!')
    const [step] = await engine.executions.steps(done.id)
    expect(step.output).toMatchObject({ response: 'Hello there, workflow!', prompt: 'Greet Ana', model: 'default', usage: { inputTokens: expect.any(Number), outputTokens: 3 }, durationMs: 0 })
    expect(model.calls[0]).toMatchObject({ system: 'Be brief.', lastUserText: 'Greet Ana', toolNames: [] })
    const events = await eventsOf(engine, done.id)
    const deltas = events.filter((event) => event.type === 'agent.text.delta')
    expect(deltas.map((event) => event.delta)).toEqual(['Hello ', 'there, ', 'workflow!'])
    const started = events.find((event) => event.type === 'agent.turn.started')
    expect(started).toMatchObject({ stepId: 'greet', iterationPath: '', attempt: 1, stepType: 'agent_prompt', prompt: 'Greet Ana', model: 'default' })
    for (const delta of deltas) expect(delta).toMatchObject({ executionId: done.id, stepId: 'greet', iterationPath: '', attempt: 1, turnId: started?.type === 'agent.turn.started' ? started.turnId : '' })
    expect(events.find((event) => event.type === 'agent.turn.finished')).toMatchObject({ reason: 'completed', usage: { outputTokens: 3 } })
  })

  it('gives the model only the tools the step lists, runs the tool loop up to maxSteps, streams calls and results', async () => {
    const calls: unknown[] = []
    const lookup = tool({ description: 'look up', inputSchema: z.object({ q: z.string() }), execute: async ({ q }, options) => { calls.push(options.experimental_context); return { hits: [q] } } })
    const other = tool({ inputSchema: z.object({}), execute: async () => 'never' })
    const model = scriptedModel([{ toolCalls: [{ toolName: 'lookup', input: { q: 'x' } }] }, 'Found x.'])
    const { engine } = agentEngine({ models: { default: model }, tools: { lookup, other } })
    const done = await engine.run({ id: 'w', steps: [{ id: 'a', type: 'agent_prompt', prompt: 'find x', tools: ['lookup'], maxSteps: 3 }] })
    expect(done.outputs.a).toBe('Found x.')
    expect(model.calls.map((call) => call.toolNames)).toEqual([['lookup'], ['lookup']])
    expect(calls[0]).toMatchObject({ executionId: done.id, stepId: 'a', iterationPath: '', attempt: 1, idempotencyKey: expect.any(String) })
    expect(agentTrace(await eventsOf(engine, done.id))).toEqual(['start default', 'call lookup', 'result lookup', 'finish completed'])
  })

  it('maxSteps bounds the loop; a step without tools gets none', async () => {
    const loop = tool({ inputSchema: z.object({}), execute: async () => 'again' })
    const model = scriptedModel({ toolCalls: [{ toolName: 'loop' }], text: 'thinking' }, { whenDone: 'repeat' })
    const plain = scriptedModel('plain')
    const { engine } = agentEngine({ models: { default: model, plain }, tools: { loop } })
    const done = await engine.run({ id: 'w', steps: [{ id: 'a', type: 'agent_prompt', prompt: 'go', tools: ['loop'], maxSteps: 2 }, { id: 'b', type: 'agent_prompt', prompt: 'no tools', model: 'plain' }] })
    expect(model.calls).toHaveLength(2)
    expect(plain.calls[0].toolNames).toEqual([])
    expect(done.status).toBe('completed')
    expect(done.outputs.a).toBe('thinking') // the last model call's text
  })

  it('unknown model or tool: validation error when the engine knows the names; typed failure otherwise', async () => {
    const { engine } = agentEngine({ models: { default: scriptedModel('x') } })
    await expect(engine.run({ id: 'w', steps: [{ id: 'a', type: 'agent_prompt', prompt: 'p', model: 'gpt' }] })).rejects.toMatchObject({ code: 'WORKFLOW_INVALID' })
    await expect(engine.run({ id: 'w', steps: [{ id: 'a', type: 'agent_prompt', prompt: 'p', tools: ['nope'] }] })).rejects.toMatchObject({ code: 'WORKFLOW_INVALID' })
    const bare = agentEngine({ agent: aiSdkAgent({ maxRetries: 0 }) }).engine
    const noModel = await bare.run({ id: 'w', steps: [{ id: 'a', type: 'agent_prompt', prompt: 'p' }] })
    expect(noModel.error).toMatchObject({ code: 'MODEL_FAILED', stepId: 'a', message: expect.stringContaining('Unknown model "default"') })
  })

  it('persona: its text becomes the system prompt (before the step system); an unknown persona fails with MODEL_FAILED', async () => {
    const model = scriptedModel(['ok', 'ok'])
    const { engine } = agentEngine({ models: { default: model }, agent: aiSdkAgent({ maxRetries: 0, personas: { reviewer: 'You review code.' } }) })
    await engine.run({ id: 'w', steps: [{ id: 'a', type: 'agent_prompt', prompt: 'p', persona: 'reviewer', system: 'Be short.' }] })
    expect(model.calls[0].system).toBe('You review code.\n\nBe short.')
    const failed = await engine.run({ id: 'w2', steps: [{ id: 'a', type: 'agent_prompt', prompt: 'p', persona: 'poet' }] })
    expect(failed.error).toMatchObject({ code: 'MODEL_FAILED', message: expect.stringContaining('Unknown persona "poet" (known: reviewer)') })
  })
})
