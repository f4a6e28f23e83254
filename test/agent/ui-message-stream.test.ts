import { readUIMessageStream, tool, uiMessageChunkSchema } from 'ai'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { coalesceDeltas, toUIMessageStream, type StepwiseEvent, type WorkflowUIMessage, type WorkflowUIMessageChunk } from '../../src/index.js'
import { scriptedModel } from '../../src/testing/index.js'
import { agentEngine, eventsOf } from './agent-helpers.js'

async function replay(events: StepwiseEvent[]): Promise<AsyncIterable<StepwiseEvent>> {
  return (async function* () {
    yield* events
  })()
}

/**
 * Reads a UI message stream with the AI SDK's own reader (every chunk first checked against the
 * AI SDK's chunk schema, as its HTTP chat transport does); returns each message's final state, in order.
 */
async function readMessages(stream: AsyncIterable<WorkflowUIMessageChunk>): Promise<WorkflowUIMessage[]> {
  const chunks: WorkflowUIMessageChunk[] = []
  for await (const chunk of stream) chunks.push(chunk)
  const schema = uiMessageChunkSchema()
  for (const chunk of chunks) expect(await schema.validate?.(JSON.parse(JSON.stringify(chunk)))).toMatchObject({ success: true })
  const messages = new Map<string, WorkflowUIMessage>()
  const errors: unknown[] = []
  const replayed = new ReadableStream<WorkflowUIMessageChunk>({ start: (controller) => { for (const chunk of chunks) controller.enqueue(chunk); controller.close() } })
  for await (const message of readUIMessageStream<WorkflowUIMessage>({ stream: replayed, onError: (error) => errors.push(error), terminateOnError: true })) messages.set(message.id, structuredClone(message))
  expect(errors).toEqual([])
  return [...messages.values()]
}

const workflow = {
  id: 'triage',
  steps: [
    { id: 'fetch', type: 'tool', tool: 'lookup', arguments: { q: 'issue 7' } },
    { id: 'think', type: 'agent_prompt', prompt: 'Triage {{ outputs.fetch }}', tools: ['lookup'], model: 'flaky', fallbackModels: ['default'] },
    { id: 'gate', type: 'approval', prompt: 'Label it?' },
  ],
}

describe('toUIMessageStream', () => {
  it('renders prompts, streamed turns (text, reasoning, tools), step cards and back-pointers through readUIMessageStream', async () => {
    const lookup = tool({ inputSchema: z.object({ q: z.string() }), execute: async ({ q }) => `bug report: ${q}` })
    const flaky = scriptedModel({ error: { status: 503, message: 'Overloaded' } })
    const model = scriptedModel([{ reasoning: 'Looks like a bug.', toolCalls: [{ toolName: 'lookup', input: { q: 'similar' } }] }, 'Label: bug'])
    const { engine } = agentEngine({ models: { default: model, flaky }, tools: { lookup } })
    const waiting = await engine.run(workflow)
    expect(waiting.status).toBe('waiting')
    await engine.executions.approve(waiting.id, { approved: true, by: 'ana' })
    const events = await eventsOf(engine, waiting.id)
    const messages = await readMessages(toUIMessageStream(await replay(events)))

    const think = messages.filter((message) => message.metadata?.stepId === 'think')
    expect(think).toHaveLength(1)
    expect(think[0]).toMatchObject({ id: `workflow-${waiting.id}/think`, role: 'assistant', metadata: { executionId: waiting.id, workflowId: 'triage', stepId: 'think', iterationPath: '', stepType: 'agent_prompt' } })
    const parts = think[0].parts
    const prompts = parts.filter((part) => part.type === 'data-workflow-prompt')
    expect(prompts.map((part) => part.type === 'data-workflow-prompt' && [part.data.model, part.data.prompt, part.data.cause])).toEqual([
      ['flaky', 'Triage bug report: issue 7', undefined],
      ['default', 'Triage bug report: issue 7', 'failover'],
    ])
    const turns = parts.flatMap((part) => (part.type === 'data-workflow-turn' ? [[part.data.model, part.data.status]] : []))
    expect(turns).toEqual([['flaky', 'cancelled'], ['default', 'completed']])
    const text = parts.filter((part) => part.type === 'text')
    expect(text.map((part) => part.type === 'text' && part.text)).toEqual(['Label: bug'])
    expect(text[0]).toMatchObject({ state: 'done', providerMetadata: { stepwise: { executionId: waiting.id, stepId: 'think', iterationPath: '' } } })
    expect(parts.find((part) => part.type === 'reasoning')).toMatchObject({ text: 'Looks like a bug.' })
    expect(parts.find((part) => part.type === 'dynamic-tool')).toMatchObject({ toolName: 'lookup', state: 'output-available', input: { q: 'similar' }, output: 'bug report: similar' })
    const card = parts.find((part) => part.type === 'data-workflow-step')
    expect(card).toMatchObject({ data: { stepId: 'think', status: 'completed', output: { response: 'Label: bug', model: 'default' } } })
    expect(card?.type === 'data-workflow-step' && (card.data.output as Record<string, unknown>).thread).toBeUndefined()

    const gate = messages.filter((message) => message.metadata?.stepId === 'gate')
    // The approval waits, the execution parks and resumes: the decision lands in a continuation message of the same step.
    expect(gate.map((message) => message.id)).toEqual([`workflow-${waiting.id}/gate`, `workflow-${waiting.id}/gate#2`])
    expect(gate[0].parts.find((part) => part.type === 'data-workflow-approval')).toMatchObject({ data: { prompt: 'Label it?', status: 'requested' } })
    expect(gate[1].parts.find((part) => part.type === 'data-workflow-approval')).toMatchObject({ data: { prompt: 'Label it?', status: 'approved', decision: { by: 'ana' } } })
    const last = messages[messages.length - 1]
    expect(last.metadata).toEqual({ executionId: waiting.id, workflowId: 'triage' })
    expect(last.parts.find((part) => part.type === 'data-workflow-execution')).toMatchObject({ data: { status: 'completed' } })
    for (const message of messages) expect(message.metadata?.executionId).toBe(waiting.id)
  })

  it('single mode puts every part in one message; stopOnWaiting ends the stream at an approval', async () => {
    const { engine } = agentEngine({ models: { default: scriptedModel('Looks fine.'), flaky: scriptedModel('x') }, tools: { lookup: tool({ inputSchema: z.object({ q: z.string() }), execute: async () => 'r' }) } })
    const waiting = await engine.run(workflow)
    const chunks: WorkflowUIMessageChunk[] = []
    for await (const chunk of toUIMessageStream(engine.events(waiting.id), { messages: 'single', stopOnWaiting: true, messageId: 'reply-1' })) chunks.push(chunk)
    expect(chunks.filter((chunk) => chunk.type === 'start')).toEqual([{ type: 'start', messageId: 'reply-1', messageMetadata: { executionId: waiting.id, workflowId: 'triage' } }])
    expect(chunks[chunks.length - 1]).toEqual({ type: 'finish' })
    const messages = await readMessages(toUIMessageStream(await replay(await eventsUntilWaiting(engine.events(waiting.id))), { messages: 'single', stopOnWaiting: true }))
    expect(messages).toHaveLength(1)
    expect(messages[0].parts.filter((part) => part.type === 'data-workflow-step').map((part) => part.type === 'data-workflow-step' && `${part.data.stepId}:${part.data.status}`)).toEqual(['fetch:completed', 'think:completed', 'gate:waiting'])
    expect(messages[0].parts.find((part) => part.type === 'data-workflow-execution')).toMatchObject({ data: { status: 'waiting', waitingFor: { kind: 'approval', stepId: 'gate', prompt: 'Label it?' } } })
    expect(JSON.stringify(messages)).not.toContain('apr_') // approval tokens stay out of the chat
  })

  it('delivers every delta by default; coalescing is opt-in and loses nothing', async () => {
    const model = scriptedModel('one two three four five six')
    const { engine } = agentEngine({ models: { default: model } })
    const done = await engine.run({ id: 'w', steps: [{ id: 'a', type: 'agent_prompt', prompt: 'count' }] })
    const events = await eventsOf(engine, done.id)
    const deltas = (chunks: WorkflowUIMessageChunk[]) => chunks.filter((chunk) => chunk.type === 'text-delta')
    const all: WorkflowUIMessageChunk[] = []
    for await (const chunk of toUIMessageStream(await replay(events))) all.push(chunk)
    expect(deltas(all)).toHaveLength(6)
    const merged: StepwiseEvent[] = []
    for await (const event of coalesceDeltas(await replay(events))) merged.push(event)
    const text = merged.filter((event) => event.type === 'agent.text.delta')
    expect(text.length).toBeLessThan(6)
    expect(text.map((event) => (event.type === 'agent.text.delta' ? event.delta : '')).join('')).toBe('one two three four five six')
  })
})

async function eventsUntilWaiting(events: AsyncIterable<StepwiseEvent>): Promise<StepwiseEvent[]> {
  const list: StepwiseEvent[] = []
  for await (const event of events) {
    list.push(event)
    if (event.type === 'execution.waiting') break
  }
  return list
}
