import { describe, expect, it } from 'vitest'
import { APICallError } from 'ai'
import { isRetriableModelError } from '../../src/index.js'
import { scriptedModel } from '../../src/testing/index.js'
import { flush } from '../helpers.js'
import { agentEngine, agentTrace, eventsOf, until } from './agent-helpers.js'

const step = { id: 'a', type: 'agent_prompt', prompt: 'hi', model: 'primary', fallbackModels: ['backup', 'last'] }

describe('agent_prompt failover', () => {
  it('moves down fallbackModels on retriable errors; each attempt is its own turn, superseded ones cancelled', async () => {
    const primary = scriptedModel({ error: { status: 429, message: 'Rate limit exceeded' } })
    const backup = scriptedModel({ error: { status: 401, message: 'Invalid API key' } })
    const last = scriptedModel('from last')
    const { engine } = agentEngine({ models: { primary, backup, last } })
    const done = await engine.run({ id: 'w', steps: [step] })
    expect(done.outputs.a).toBe('from last')
    const [row] = await engine.executions.steps(done.id)
    expect(row.output).toMatchObject({ model: 'last' })
    const events = await eventsOf(engine, done.id)
    expect(agentTrace(events)).toEqual(['start primary', 'finish cancelled', 'start backup (failover)', 'finish cancelled', 'start last (failover)', 'finish completed'])
    expect(events.find((event) => event.type === 'agent.turn.finished')).toMatchObject({ reason: 'cancelled', error: { code: 'MODEL_FAILED', message: expect.stringContaining('Rate limit') } })
  })

  it('empty completions, overload (5xx) and unsupported models fail over too', async () => {
    const primary = scriptedModel({ empty: true })
    const backup = scriptedModel({ error: { status: 503, message: 'Overloaded' } })
    const last = scriptedModel('ok')
    const { engine } = agentEngine({ models: { primary, backup, last } })
    const done = await engine.run({ id: 'w', steps: [step] })
    expect(done.outputs.a).toBe('ok')
    expect(isRetriableModelError(new APICallError({ message: 'The model `gpt-9` does not exist', url: 'u', requestBodyValues: {}, statusCode: 400 }))).toBe(true)
    expect(isRetriableModelError(Object.assign(new Error('quota exceeded'), {}))).toBe(true)
    expect(isRetriableModelError(new APICallError({ message: 'Bad request: messages[0] invalid', url: 'u', requestBodyValues: {}, statusCode: 400 }))).toBe(false)
    expect(isRetriableModelError(new DOMException('aborted', 'AbortError'))).toBe(false)
  })

  it('does not fail over on non-retriable errors: the step fails at once', async () => {
    const primary = scriptedModel({ error: { status: 400, message: 'Bad request' } })
    const backup = scriptedModel('unused')
    const { engine } = agentEngine({ models: { primary, backup, last: backup } })
    const done = await engine.run({ id: 'w', steps: [step] })
    expect(done.error).toMatchObject({ code: 'MODEL_FAILED', message: 'Model "primary" failed: 400 Bad request' })
    expect(backup.calls).toHaveLength(0)
    expect(agentTrace(await eventsOf(engine, done.id))).toEqual(['start primary', 'finish error'])
  })

  it('when every model fails, the error lists them and is retryable by the step retry policy', async () => {
    const down = scriptedModel({ error: { status: 529, message: 'Overloaded' } }, { whenDone: 'repeat' })
    const { engine, clock } = agentEngine({ models: { primary: down, backup: down, last: scriptedModel('unused') } })
    const started = await engine.start({ id: 'w', steps: [{ ...step, fallbackModels: ['backup'], retry: { maxAttempts: 2, backoffMs: 10 } }] })
    await until(() => down.calls.length === 2, 'the first attempt')
    await flush()
    clock.advance(10)
    const done = await engine.executions.settled(started.id)
    expect(down.calls).toHaveLength(4) // the step retry ran the chain again
    expect(done.error).toMatchObject({ code: 'MODEL_FAILED', message: 'Every model failed: primary: 529 Overloaded; backup: 529 Overloaded' })
  })

  it('the AI SDK retries first (maxRetries), then the engine fails over', async () => {
    const { aiSdkAgent } = await import('../../src/index.js')
    let calls = 0
    const flaky = scriptedModel(() => (++calls === 1 ? { error: { status: 500, message: 'Internal' } } : 'recovered'), { whenDone: 'repeat' })
    const { engine } = agentEngine({ models: { default: flaky }, agent: aiSdkAgent({ maxRetries: 1 }) })
    const started = Date.now()
    const done = await engine.run({ id: 'w', steps: [{ id: 'a', type: 'agent_prompt', prompt: 'hi' }] })
    expect(done.outputs.a).toBe('recovered')
    expect(flaky.calls).toHaveLength(2)
    expect(Date.now() - started).toBeLessThan(10_000)
  })
})
