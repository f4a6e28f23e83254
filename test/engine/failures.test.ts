import { tool } from 'ai'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createEngine, memoryStorage } from '../../src/index.js'
import { createTestClock } from '../../src/testing/index.js'
import { flush, recordingTool, testEngine } from '../helpers.js'

describe('retry, timeout, onError', () => {
  it('retries with exponential backoff on the test clock, one row per attempt', async () => {
    const clock = createTestClock()
    const flaky = recordingTool((_input, call) => {
      if (call < 3) throw new Error(`fail ${call}`)
      return 'ok'
    })
    const engine = createEngine({ storage: memoryStorage(), clock, tools: { flaky: flaky.tool } })
    const started = await engine.start({ id: 'r', steps: [{ id: 's', type: 'tool', tool: 'flaky', retry: { maxAttempts: 3, backoffMs: 1000, factor: 2 } }] })
    await flush()
    expect(flaky.calls).toHaveLength(1)
    clock.advance(999)
    await flush()
    expect(flaky.calls).toHaveLength(1)
    clock.advance(1)
    await flush()
    expect(flaky.calls).toHaveLength(2)
    clock.advance(2000)
    const done = await engine.executions.settled(started.id)
    expect(done.status).toBe('completed')
    const rows = await engine.executions.steps(started.id)
    expect(rows.map((r) => [r.attempt, r.status])).toEqual([[1, 'failed'], [2, 'failed'], [3, 'completed']])
    expect(flaky.calls.map((c) => c.context.idempotencyKey)).toEqual(Array(3).fill(`${started.id}:s:`))
  })

  it('jitter spreads the backoff between half and all of the computed delay', async () => {
    const clock = createTestClock()
    const flaky = recordingTool(() => {
      throw new Error('always')
    })
    const engine = createEngine({ storage: memoryStorage(), clock, tools: { flaky: flaky.tool } })
    const delays: number[] = []
    engine.on('step.retrying', (event) => delays.push(event.delayMs))
    const runs = await Promise.all(Array.from({ length: 10 }, () => engine.start({ id: 'j', steps: [{ id: 's', type: 'tool', tool: 'flaky', retry: { maxAttempts: 2, backoffMs: 1000, jitter: true } }] })))
    await flush(10)
    clock.advance(1000)
    for (const run of runs) expect((await engine.executions.settled(run.id)).status).toBe('failed')
    expect(delays).toHaveLength(10)
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(500)
    for (const delay of delays) expect(delay).toBeLessThanOrEqual(1000)
    expect(new Set(delays).size).toBeGreaterThan(1)
  })

  it('workflow defaults.retry applies; expression failures are not retried', async () => {
    const { engine } = testEngine()
    const done = await engine.run({ id: 'nr', defaults: { retry: { maxAttempts: 5, backoffMs: 1 } }, steps: [{ id: 's', type: 'set', values: { x: '$number("abc")' } }] })
    expect(done.error?.code).toBe('EXPRESSION_FAILED')
    expect(await engine.executions.steps(done.id)).toHaveLength(1)
  })

  it('timeoutMs aborts the tool call (signal) and fails the step with STEP_TIMEOUT', async () => {
    const clock = createTestClock()
    let aborted = false
    const slow = tool({
      inputSchema: z.object({}),
      execute: (_input, options) => new Promise((_, reject) => options.abortSignal?.addEventListener('abort', () => { aborted = true; reject(new Error('aborted')) })),
    })
    const engine = createEngine({ storage: memoryStorage(), clock, tools: { slow } })
    const started = await engine.start({ id: 't', steps: [{ id: 's', type: 'tool', tool: 'slow', timeoutMs: 5000 }] })
    await flush()
    clock.advance(5000)
    const done = await engine.executions.settled(started.id)
    expect(aborted).toBe(true)
    expect(done.error).toMatchObject({ code: 'STEP_TIMEOUT', stepId: 's' })
  })

  it('onError continue records the failure and goes on; steps.<id>.status is readable', async () => {
    const boom = recordingTool(() => {
      throw new Error('bad')
    })
    const { engine } = testEngine({ tools: { boom: boom.tool } })
    const done = await engine.run({ id: 'oe', steps: [{ id: 'b', type: 'tool', tool: 'boom', onError: 'continue' }, { id: 's', type: 'set', values: { st: 'steps.b.status', code: 'steps.b.error.code' } }] })
    expect(done.status).toBe('completed')
    expect(done.outputs).toMatchObject({ st: 'failed', code: 'TOOL_FAILED' })
  })

  it('a tool missing at run time fails the step with TOOL_FAILED, never succeeds silently (valet bug)', async () => {
    const storage = memoryStorage()
    const t = recordingTool()
    const withTool = createEngine({ storage, tools: { t: t.tool } })
    const waiting = await withTool.run({ id: 'u', steps: [{ id: 'g', type: 'approval' }, { id: 's', type: 'tool', tool: 't' }] })
    const withoutTool = createEngine({ storage })
    await withoutTool.executions.approve(waiting.id, { approved: true })
    const done = await withoutTool.executions.settled(waiting.id)
    expect(done.status).toBe('failed')
    expect(done.error).toMatchObject({ code: 'TOOL_FAILED', stepId: 's' })
    expect(done.error?.message).toContain('Unknown tool "t"')
  })
})

describe('cancel', () => {
  it('cancels cooperatively: the abort reaches the tool, the step and the execution end cancelled; a late result is ignored', async () => {
    let resolveLate: (v: string) => void = () => undefined
    let signal: AbortSignal | undefined
    const slow = tool({
      inputSchema: z.object({}),
      execute: (_input, options) => {
        signal = options.abortSignal
        return new Promise<string>((resolve) => (resolveLate = resolve))
      },
    })
    const { engine } = testEngine({ tools: { slow } })
    const started = await engine.start({ id: 'c', steps: [{ id: 's', type: 'tool', tool: 'slow' }, { id: 'after', type: 'set', values: { x: '1' } }] })
    await flush()
    const cancelled = await engine.executions.cancel(started.id, { reason: 'user changed mind' })
    expect(signal?.aborted).toBe(true)
    expect(cancelled.status).toBe('cancelled')
    expect(cancelled.error).toMatchObject({ code: 'CANCELLED', reason: 'user changed mind' })
    resolveLate('late')
    await flush()
    const after = await engine.executions.get(started.id)
    expect(after.status).toBe('cancelled')
    const rows = await engine.executions.steps(started.id)
    expect(rows.map((r) => [r.stepId, r.status])).toEqual([['s', 'cancelled']])
  })

  it('cancelled propagates through parallel and conditional containers', async () => {
    const slow = tool({ inputSchema: z.object({}), execute: (_input, options) => new Promise((_, reject) => options.abortSignal?.addEventListener('abort', () => reject(new Error('aborted')))) })
    const { engine } = testEngine({ tools: { slow } })
    const started = await engine.start({
      id: 'cp',
      steps: [{ id: 'c', type: 'conditional', condition: true, then: [{ id: 'p', type: 'parallel', branches: [[{ id: 'a', type: 'tool', tool: 'slow' }], [{ id: 'b', type: 'tool', tool: 'slow' }]] }] }],
    })
    await flush(10)
    const cancelled = await engine.executions.cancel(started.id, { reason: 'stop' })
    expect(cancelled.status).toBe('cancelled')
    const rows = await engine.executions.steps(started.id)
    expect(Object.fromEntries(rows.map((r) => [r.stepId, r.status]))).toEqual({ c: 'cancelled', p: 'cancelled', a: 'cancelled', b: 'cancelled' })
  })

  it('cancels a waiting execution; its waiting step ends cancelled; cancel of a terminal execution is a no-op', async () => {
    const { engine } = testEngine()
    const waiting = await engine.run({ id: 'cw', steps: [{ id: 'g', type: 'approval' }] })
    const cancelled = await engine.executions.cancel(waiting.id)
    expect(cancelled.status).toBe('cancelled')
    expect((await engine.executions.steps(waiting.id))[0].status).toBe('cancelled')
    expect((await engine.executions.cancel(waiting.id)).status).toBe('cancelled')
    await expect(engine.executions.approve(waiting.id, { approved: true })).rejects.toMatchObject({ code: 'APPROVAL_NOT_WAITING' })
  })
})

describe('limits', () => {
  it('maxSteps counts every visited step including loop iterations', async () => {
    const { engine } = testEngine({ limits: { maxSteps: 5 } })
    const done = await engine.run({ id: 'ms', steps: [{ id: 'l', type: 'loop', over: '[1..10]', steps: [{ id: 'b', type: 'set', values: { x: '1' } }] }] })
    expect(done.error).toMatchObject({ code: 'LIMIT_EXCEEDED' })
    expect(done.error?.message).toContain('maxSteps')
  })

  it('an output over maxOutputBytes fails the step naming the limit', async () => {
    const big = recordingTool(() => 'x'.repeat(2000))
    const { engine } = testEngine({ tools: { big: big.tool }, limits: { maxOutputBytes: 1000 } })
    const done = await engine.run({ id: 'mo', steps: [{ id: 'b', type: 'tool', tool: 'big' }] })
    expect(done.error).toMatchObject({ code: 'LIMIT_EXCEEDED', stepId: 'b' })
    expect(done.error?.message).toContain('maxOutputBytes')
  })

  it('a runaway expression fails its step with LIMIT_EXCEEDED and the process stays healthy', async () => {
    const { engine } = testEngine({ limits: { expressionTimeoutMs: 50 } })
    const done = await engine.run({ id: 'rx', steps: [{ id: 's', type: 'set', values: { x: '($f := function($n){ $f($n + 1) }; $f(0))' } }] })
    expect(done.error).toMatchObject({ code: 'LIMIT_EXCEEDED', stepId: 's' })
    const ok = await engine.run({ id: 'ok', steps: [{ id: 's', type: 'set', values: { x: '1' } }] })
    expect(ok.status).toBe('completed')
  })

  it('an undefined whole-value tool argument fails with the field path', async () => {
    const t = recordingTool()
    const { engine } = testEngine({ tools: { t: t.tool } })
    const done = await engine.run({ id: 'ua', steps: [{ id: 's', type: 'tool', tool: 't', arguments: { repo: { name: '{{variables.missing}}' } } }] })
    expect(done.error).toMatchObject({ code: 'EXPRESSION_FAILED' })
    expect(done.error?.message).toContain('/arguments/repo/name')
    expect(t.calls).toHaveLength(0)
  })
})
