import { tool } from 'ai'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { AgentPart, AgentRunner, AgentTurnRequest } from '../../src/index.js'
import { agentEngine, agentTrace, eventsOf } from './agent-helpers.js'

/** A host's own agent runtime: no AI SDK model involved. */
function echoAgent(requests: AgentTurnRequest[], failFirst?: { status: number; message: string }): AgentRunner {
  return {
    personas: { pirate: 'Talk like a pirate.' },
    async *run(request): AsyncIterable<AgentPart> {
      requests.push(request)
      if (failFirst !== undefined && requests.length === 1) throw Object.assign(new Error(failFirst.message), { status: failFirst.status })
      const last = request.messages[request.messages.length - 1]
      yield { type: 'reasoning-delta', delta: 'thinking…' }
      if (request.tools.lookup !== undefined) {
        yield { type: 'tool-call', toolCallId: 't1', toolName: 'lookup', input: { q: 'x' } }
        const output = await request.tools.lookup.execute?.({ q: 'x' }, { toolCallId: 't1', messages: [], abortSignal: request.signal, experimental_context: request.context })
        yield { type: 'tool-result', toolCallId: 't1', toolName: 'lookup', output }
      }
      yield { type: 'text-delta', delta: `${request.model} says: ` }
      yield { type: 'text-delta', delta: typeof last.content === 'string' ? last.content : '?' }
      yield { type: 'finish', usage: { inputTokens: 7, outputTokens: 2 } }
    },
  }
}

describe('custom agent runtimes', () => {
  it('a runner yielding parts drives the same events, output, threads and personas', async () => {
    const requests: AgentTurnRequest[] = []
    const lookup = tool({ inputSchema: z.object({ q: z.string() }), execute: async ({ q }) => `found ${q}` })
    const { engine } = agentEngine({ agent: echoAgent(requests), tools: { lookup } })
    const done = await engine.run({ id: 'w', steps: [{ id: 'a', type: 'agent_prompt', prompt: 'hello', persona: 'pirate', tools: ['lookup'] }, { id: 'b', type: 'agent_prompt', prompt: 'again' }] })
    expect(done.outputs).toEqual({ a: 'default says: hello', b: 'default says: again' })
    expect(requests[0]).toMatchObject({ model: 'default', system: 'Talk like a pirate.', maxSteps: 10, context: { stepId: 'a', executionId: done.id } })
    expect(Object.keys(requests[0].tools)).toEqual(['lookup'])
    expect(requests[1].messages).toEqual([{ role: 'user', content: 'hello' }, { role: 'assistant', content: 'default says: hello' }, { role: 'user', content: 'again' }])
    const events = await eventsOf(engine, done.id)
    expect(agentTrace(events)).toEqual(['start default', 'call lookup', 'result lookup', 'finish completed', 'start default', 'finish completed'])
    expect(events.filter((event) => event.type === 'agent.reasoning.delta')).toHaveLength(2)
    const [row] = await engine.executions.steps(done.id)
    expect(row.output).toMatchObject({ usage: { inputTokens: 7, outputTokens: 2 } })
  })

  it('errors with a retriable status fail over to the next model name', async () => {
    const requests: AgentTurnRequest[] = []
    const { engine } = agentEngine({ agent: echoAgent(requests, { status: 429, message: 'slow down' }), models: { fast: 'fast', smart: 'smart' } })
    const done = await engine.run({ id: 'w', steps: [{ id: 'a', type: 'agent_prompt', prompt: 'hi', model: 'fast', fallbackModels: ['smart'] }] })
    expect(done.outputs.a).toBe('smart says: hi')
    expect(agentTrace(await eventsOf(engine, done.id))).toEqual(['start fast', 'finish cancelled', 'start smart (failover)', 'finish completed'])
  })

  it('maxConcurrentAgentSteps bounds the agent steps running at once in an execution; the others wait their turn', async () => {
    let running = 0
    let peak = 0
    const agent: AgentRunner = {
      async *run(request) {
        running += 1
        peak = Math.max(peak, running)
        await new Promise((resolve) => setTimeout(resolve, 5))
        running -= 1
        yield { type: 'text-delta', delta: request.turnId.split(':')[1] }
        yield { type: 'finish' }
      },
    }
    const { engine } = agentEngine({ agent })
    const branches = ['a', 'b', 'c', 'd', 'e'].map((id) => [{ id, type: 'agent_prompt', prompt: id, thread: '@new' }])
    const done = await engine.run({ id: 'w', limits: { maxConcurrentAgentSteps: 2 }, steps: [{ id: 'fan', type: 'parallel', branches }] })
    expect(done.status).toBe('completed')
    expect(peak).toBe(2)
    expect(done.outputs).toMatchObject({ a: 'a', e: 'e' })
  })
})
