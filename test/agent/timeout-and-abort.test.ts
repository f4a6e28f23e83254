import { tool } from 'ai'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { scriptedModel } from '../../src/testing/index.js'
import { flush } from '../helpers.js'
import { agentEngine, eventsOf, until } from './agent-helpers.js'

describe('agent_prompt timeouts and aborts', () => {
  it('a timeout aborts the model call; the open turn ends (reason error) before step.failed', async () => {
    const model = scriptedModel({ hang: true })
    const { engine, clock } = agentEngine({ models: { default: model } })
    const started = await engine.start({ id: 'w', steps: [{ id: 'a', type: 'agent_prompt', prompt: 'hi', timeoutMs: 2000 }] })
    await until(() => model.calls.length === 1, 'the model call')
    clock.advance(1999)
    await flush()
    expect(model.calls[0].abortSignal?.aborted).toBe(false)
    clock.advance(1)
    const done = await engine.executions.settled(started.id)
    expect(done.error).toMatchObject({ code: 'STEP_TIMEOUT', stepId: 'a' })
    expect(model.calls[0].abortSignal?.aborted).toBe(true)
    const types = (await eventsOf(engine, done.id)).map((event) => (event.type === 'agent.turn.finished' ? `${event.type}:${event.reason}:${event.error?.code}` : event.type))
    expect(types.slice(-3)).toEqual(['agent.turn.finished:error:STEP_TIMEOUT', 'step.failed', 'execution.failed'])
  })

  it('the abort reaches the tools the agent is running', async () => {
    let toolSignal: AbortSignal | undefined
    const slow = tool({
      inputSchema: z.object({}),
      execute: (_input, options) =>
        new Promise((_, reject) => {
          toolSignal = options.abortSignal
          options.abortSignal?.addEventListener('abort', () => reject(new Error('tool aborted')))
        }),
    })
    const model = scriptedModel([{ toolCalls: [{ toolName: 'slow' }] }, 'never'])
    const { engine, clock } = agentEngine({ models: { default: model }, tools: { slow } })
    const started = await engine.start({ id: 'w', steps: [{ id: 'a', type: 'agent_prompt', prompt: 'go', tools: ['slow'], timeoutMs: 1000 }] })
    await until(() => toolSignal !== undefined, 'the tool call')
    clock.advance(1000)
    const done = await engine.executions.settled(started.id)
    expect(toolSignal?.aborted).toBe(true)
    expect(done.error).toMatchObject({ code: 'STEP_TIMEOUT' })
  })

  it('the default timeout is 5 minutes and timeouts are clamped to [1 s, 15 min]', async () => {
    const model = scriptedModel({ hang: true }, { whenDone: 'repeat' })
    const { engine, clock } = agentEngine({ models: { default: model } })
    const byDefault = await engine.start({ id: 'w', steps: [{ id: 'a', type: 'agent_prompt', prompt: 'hi' }] })
    await until(() => model.calls.length === 1)
    clock.advance(299_999)
    await flush()
    expect((await engine.executions.get(byDefault.id)).status).toBe('running')
    clock.advance(1)
    expect((await engine.executions.settled(byDefault.id)).error).toMatchObject({ code: 'STEP_TIMEOUT', details: { timeoutMs: 300_000 } })
    const tiny = await engine.start({ id: 'w2', defaults: { timeoutMs: 10 }, steps: [{ id: 'a', type: 'agent_prompt', prompt: 'hi' }] })
    await until(() => model.calls.length === 2)
    clock.advance(1000)
    expect((await engine.executions.settled(tiny.id)).error).toMatchObject({ code: 'STEP_TIMEOUT', details: { timeoutMs: 1000 } })
    const huge = await engine.start({ id: 'w3', defaults: { timeoutMs: 3_600_000 }, steps: [{ id: 'a', type: 'agent_prompt', prompt: 'hi' }] })
    await until(() => model.calls.length === 3)
    clock.advance(900_000)
    expect((await engine.executions.settled(huge.id)).error).toMatchObject({ code: 'STEP_TIMEOUT', details: { timeoutMs: 900_000 } })
  })

  it('cancel aborts the call; the turn ends cancelled and the execution is cancelled', async () => {
    const model = scriptedModel({ hang: true })
    const { engine } = agentEngine({ models: { default: model } })
    const started = await engine.start({ id: 'w', steps: [{ id: 'a', type: 'agent_prompt', prompt: 'hi' }] })
    await until(() => model.calls.length === 1)
    await engine.executions.cancel(started.id, { reason: 'user stop' })
    const done = await engine.executions.settled(started.id)
    expect(done.status).toBe('cancelled')
    expect(model.calls[0].abortSignal?.aborted).toBe(true)
    const finished = (await eventsOf(engine, done.id)).find((event) => event.type === 'agent.turn.finished')
    expect(finished).toMatchObject({ reason: 'cancelled', error: { code: 'CANCELLED' } })
  })
})
