import { tool } from 'ai'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { aiSdkAgent, createEngine, memoryStorage } from '../../src/index.js'
import { createTestClock, scriptedModel, type ScriptedCall } from '../../src/testing/index.js'
import { threadEntry } from '../../src/steps/agent-prompt/threads.js'
import { agentEngine, eventsOf, until } from './agent-helpers.js'

const transcript = (call: ScriptedCall) => call.messages.map((message) => `${message.role}: ${message.text.split('\n')[0]}`)

describe('agent_prompt threads', () => {
  it('no thread = the execution default conversation; a name = its own conversation; @new = fresh', async () => {
    const model = scriptedModel((call) => `reply ${call.index + 1}`, { whenDone: 'repeat' })
    const { engine } = agentEngine({ models: { default: model } })
    const done = await engine.run({
      id: 'w',
      steps: [
        { id: 'a', type: 'agent_prompt', prompt: 'first' },
        { id: 'r1', type: 'agent_prompt', prompt: 'research one', thread: 'research' },
        { id: 'b', type: 'agent_prompt', prompt: 'second' },
        { id: 'r2', type: 'agent_prompt', prompt: 'research two', thread: 'research' },
        { id: 'fresh', type: 'agent_prompt', prompt: 'alone', thread: '@new' },
        { id: 'c', type: 'agent_prompt', prompt: 'third', thread: '@default' },
      ],
    })
    expect(done.status).toBe('completed')
    expect(transcript(model.calls[2])).toEqual(['user: first', 'assistant: reply 1', 'user: second'])
    expect(transcript(model.calls[3])).toEqual(['user: research one', 'assistant: reply 2', 'user: research two'])
    expect(transcript(model.calls[4])).toEqual(['user: alone'])
    expect(transcript(model.calls[5])).toEqual(['user: first', 'assistant: reply 1', 'user: second', 'assistant: reply 3', 'user: third'])
    const rows = await engine.executions.steps(done.id)
    expect(rows.find((row) => row.stepId === 'fresh')?.output).not.toHaveProperty('thread')
    expect(rows.find((row) => row.stepId === 'r2')?.output).toMatchObject({ thread: { name: 'research', seq: 2 } })
    expect(done.outputs.r2).toBe('reply 4') // outputs.<name> gets only the response
  })

  it('tool calls and results are part of the thread history', async () => {
    const add = tool({ inputSchema: z.object({ a: z.number(), b: z.number() }), execute: async ({ a, b }) => a + b })
    const model = scriptedModel([{ toolCalls: [{ toolName: 'add', input: { a: 2, b: 3 } }] }, 'It is 5.', 'You asked about 2 + 3.'])
    const { engine } = agentEngine({ models: { default: model }, tools: { add } })
    await engine.run({ id: 'w', steps: [{ id: 'a', type: 'agent_prompt', prompt: 'add 2 and 3', tools: ['add'] }, { id: 'b', type: 'agent_prompt', prompt: 'what did I ask?' }] })
    expect(model.calls[2].messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'user'])
    expect(model.calls[2].messages[2].text).toContain('"value":5')
  })

  it('a named thread survives an approval resume, even in another engine over the same storage', async () => {
    const storage = memoryStorage()
    const clock = createTestClock()
    const model = scriptedModel((call) => `answer ${call.index + 1}`, { whenDone: 'repeat' })
    const options = { storage, clock, models: { default: model }, agent: aiSdkAgent({ maxRetries: 0 }) }
    const first = createEngine(options)
    const workflow = {
      id: 'plan-then-do',
      steps: [
        { id: 'plan', type: 'agent_prompt', prompt: 'Plan the release', thread: 'release' },
        { id: 'gate', type: 'approval', prompt: 'Go?' },
        { id: 'do', type: 'agent_prompt', prompt: 'Now write the notes', thread: 'release' },
      ],
    }
    const waiting = await first.run(workflow)
    expect(waiting.status).toBe('waiting')
    await first.close()
    const second = createEngine(options)
    await second.executions.approve(waiting.id, { approved: true, by: 'ana' })
    const done = await second.executions.settled(waiting.id)
    expect(done.status).toBe('completed')
    expect(transcript(model.calls[1])).toEqual(['user: Plan the release', 'assistant: answer 1', 'user: Now write the notes'])
  })

  it('loop iterations continue the same thread; parallel steps on one thread run concurrently and both land in it', async () => {
    const model = scriptedModel((call) => `seen ${call.messages.length}`, { whenDone: 'repeat' })
    const { engine } = agentEngine({ models: { default: model } })
    const done = await engine.run({
      id: 'w',
      steps: [
        { id: 'each', type: 'loop', over: '[1, 2]', steps: [{ id: 'ask', type: 'agent_prompt', prompt: 'item {{ loop.item }}', thread: 'items' }] },
        { id: 'both', type: 'parallel', branches: [[{ id: 'p1', type: 'agent_prompt', prompt: 'left', thread: 'items' }], [{ id: 'p2', type: 'agent_prompt', prompt: 'right', thread: 'items' }]] },
        { id: 'after', type: 'agent_prompt', prompt: 'sum up', thread: 'items' },
      ],
    })
    expect(done.status).toBe('completed')
    expect(model.calls.map((call) => call.messages.length)).toEqual([1, 3, 5, 5, 9])
    expect(transcript(model.calls[4])).toEqual(['user: item 1', 'assistant: seen 1', 'user: item 2', 'assistant: seen 3', 'user: left', 'assistant: seen 5', 'user: right', 'assistant: seen 5', 'user: sum up'])
  })

  it('interrupt: true aborts the turn running on the same thread', async () => {
    let open: (value: string) => void = () => undefined
    const gate = tool({ inputSchema: z.object({}), execute: () => new Promise<string>((resolve) => (open = resolve)) })
    const slow = scriptedModel({ hang: true })
    const quick = scriptedModel('took over')
    const { engine } = agentEngine({ models: { default: slow, quick }, tools: { gate } })
    const started = await engine.start({
      id: 'w',
      steps: [
        {
          id: 'both',
          type: 'parallel',
          branches: [
            [{ id: 'long', type: 'agent_prompt', prompt: 'think long', thread: 'main', onError: 'continue' }],
            [{ id: 'later', type: 'tool', tool: 'gate' }, { id: 'urgent', type: 'agent_prompt', prompt: 'stop that', model: 'quick', thread: 'main', interrupt: true }],
          ],
        },
      ],
    })
    await until(() => slow.calls.length === 1, 'the long turn')
    open('go')
    const done = await engine.executions.settled(started.id)
    expect(done.status).toBe('completed')
    expect(slow.calls[0].abortSignal?.aborted).toBe(true)
    const rows = await engine.executions.steps(done.id)
    expect(rows.find((row) => row.stepId === 'long')?.error).toMatchObject({ code: 'MODEL_FAILED', details: { reason: 'interrupted', by: 'urgent' } })
    expect(done.outputs.urgent).toBe('took over')
    const finished = (await eventsOf(engine, done.id)).filter((event) => event.type === 'agent.turn.finished' && event.stepId === 'long')
    expect(finished).toEqual([expect.objectContaining({ reason: 'cancelled' })])
  })

  it('a turn with oversized tool traffic stores only its prompt and final text in the thread', () => {
    const big = [{ role: 'user' as const, content: 'q' }, { role: 'tool' as const, content: [{ type: 'tool-result', output: 'x'.repeat(70_000) }] }, { role: 'assistant' as const, content: 'done' }]
    expect(threadEntry('t', 3, big, 'q', 'done')).toEqual({ name: 't', seq: 3, messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'done' }] })
    expect(threadEntry('t', 1, big.slice(0, 1), 'q', '').messages).toHaveLength(1)
  })
})
