import { describe, expect, it } from 'vitest'
import { scriptedModel } from '../../src/testing/index.js'
import { jsonCandidates } from '../../src/steps/agent-prompt/structured-output.js'
import { agentEngine, agentTrace, eventsOf } from './agent-helpers.js'

const flat = { summary: { type: 'string', description: 'one line' }, score: { type: 'number' } }

describe('agent_prompt outputSchema', () => {
  it('asks for the AI SDK structured output, states the shape in the prompt, publishes the parsed object', async () => {
    const model = scriptedModel({ json: { summary: 'ok', score: 0.9, extra: true } })
    const { engine } = agentEngine({ models: { default: model } })
    const done = await engine.run({ id: 'w', steps: [{ id: 'a', type: 'agent_prompt', prompt: 'Rate it', outputSchema: flat, outputVariable: 'rating' }] })
    expect(done.outputs.rating).toEqual({ summary: 'ok', score: 0.9, extra: true })
    expect(model.calls[0].responseFormat).toMatchObject({ type: 'json', schema: { type: 'object', required: ['summary', 'score'] } })
    expect(model.calls[0].lastUserText).toContain('Rate it\n\nReply with only a JSON object')
    const [row] = await engine.executions.steps(done.id)
    expect(row.output).toMatchObject({ response: { summary: 'ok', score: 0.9 }, prompt: 'Rate it' })
  })

  it('parses fenced, bare and embedded JSON; null allowed, extra keys allowed', () => {
    const first = (text: string) => jsonCandidates(text).next().value
    expect(first('```json\n{"a": 1}\n```')).toEqual({ a: 1 })
    expect(first('```\n{"a": 2}\n```')).toEqual({ a: 2 })
    expect(first('  {"a": 3}  ')).toEqual({ a: 3 })
    expect(first('Sure, here: {"a": "}{", "b": {"c": null}} — done.')).toEqual({ a: '}{', b: { c: null } })
    expect(first('no json')).toBeUndefined()
  })

  it('repairs in the same conversation: superseded turns end cancelled, the third attempt counts', async () => {
    const model = scriptedModel(['Sure! The score is high.', '{"summary": "s", "score": "high"}', 'Here you go: ```json\n{"summary": "s", "score": null}\n```'])
    const { engine } = agentEngine({ models: { default: model } })
    const done = await engine.run({ id: 'w', steps: [{ id: 'a', type: 'agent_prompt', prompt: 'Rate it', outputSchema: flat }] })
    expect(done.status).toBe('completed')
    expect(done.outputs.a).toEqual({ summary: 's', score: null })
    expect(model.calls[1].messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user'])
    expect(model.calls[1].lastUserText).toContain('no JSON object found in the reply')
    expect(model.calls[2].messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user'])
    expect(model.calls[2].lastUserText).toContain('"score" must be number or null, not string')
    const events = await eventsOf(engine, done.id)
    expect(agentTrace(events)).toEqual(['start default', 'finish cancelled', 'start default (repair)', 'finish cancelled', 'start default (repair)', 'finish completed'])
    const starts = events.filter((event) => event.type === 'agent.turn.started')
    expect(starts[1]).toMatchObject({ cause: 'repair', supersedes: starts[0].type === 'agent.turn.started' ? starts[0].turnId : '' })
    const [row] = await engine.executions.steps(done.id)
    expect((row.output as { usage: { outputTokens: number } }).usage.outputTokens).toBeGreaterThan(5) // all three turns count
  })

  it('fails with OUTPUT_INVALID after 3 attempts; the last turn ends with reason error', async () => {
    const model = scriptedModel(['nope', 'still no', '{"summary": 1}'])
    const { engine } = agentEngine({ models: { default: model } })
    const done = await engine.run({ id: 'w', steps: [{ id: 'a', type: 'agent_prompt', prompt: 'Rate it', outputSchema: flat }] })
    expect(done.status).toBe('failed')
    expect(done.error).toMatchObject({ code: 'OUTPUT_INVALID', stepId: 'a', message: expect.stringContaining('after 3 attempts: missing key "score"') })
    expect(agentTrace(await eventsOf(engine, done.id))).toEqual(['start default', 'finish cancelled', 'start default (repair)', 'finish cancelled', 'start default (repair)', 'finish error'])
  })

  it('the JSON Schema form validates nested shapes with zod; an invalid schema is a save-time error', async () => {
    const schema = { type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] } } }, required: ['items'] }
    const model = scriptedModel([{ json: { items: [{ n: 1.5 }] } }, { json: { items: [{ n: 2 }] } }])
    const { engine } = agentEngine({ models: { default: model } })
    const done = await engine.run({ id: 'w', steps: [{ id: 'a', type: 'agent_prompt', prompt: 'List', outputSchema: schema }] })
    expect(done.outputs.a).toEqual({ items: [{ n: 2 }] })
    expect(model.calls[1].lastUserText).toContain('items')
    await expect(engine.workflows.save({ id: 'bad', steps: [{ id: 'a', type: 'agent_prompt', prompt: 'x', outputSchema: { score: { type: 'date' } } }] })).rejects.toMatchObject({ code: 'WORKFLOW_INVALID' })
  })
})
