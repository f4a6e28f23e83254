import { describe, expect, it } from 'vitest'
import { collectEvents, recordingTool, testEngine } from '../helpers.js'

describe('retryFrom', () => {
  it('creates a new execution reusing outputs before the step (step.skipped) and running from it', async () => {
    let fail = true
    const effect = recordingTool((input) => {
      if (input.n === 3 && fail) throw new Error('third fails')
      return input.n
    })
    const { engine } = testEngine({ tools: { effect: effect.tool } })
    const wf = { id: 'rf', steps: [1, 2, 3, 4].map((n) => ({ id: `s${n}`, type: 'tool', tool: 'effect', arguments: { n, prev: n > 1 ? `{{outputs.s${n - 1}}}` : 0 } })) }
    const failed = await engine.run(wf)
    expect(failed.status).toBe('failed')
    fail = false
    const retry = await engine.executions.retryFrom(failed.id, { stepId: 's3' })
    expect(retry.id).not.toBe(failed.id)
    expect(retry.retryOf).toEqual({ executionId: failed.id, stepId: 's3', iterationPath: '' })
    const done = await engine.executions.settled(retry.id)
    expect(done.status).toBe('completed')
    expect(done.outputs).toEqual({ s1: 1, s2: 2, s3: 3, s4: 4 })
    expect(effect.calls.map((c) => c.input.n)).toEqual([1, 2, 3, 3, 4])
    expect(effect.calls[3].input.prev).toBe(2)
    const skipped = (await collectEvents(engine, retry.id)).filter((e) => e.type === 'step.skipped')
    expect(skipped.map((e) => (e.type === 'step.skipped' ? [e.stepId, e.reason] : []))).toEqual([['s1', 'retry_from'], ['s2', 'retry_from']])
  })

  it('retries from a nested step inside a loop iteration', async () => {
    let failures = 1
    const effect = recordingTool((input) => {
      if (input.item === 'b' && input.stage === 2 && failures-- > 0) throw new Error('b fails once')
      return `${input.item}${input.stage}`
    })
    const { engine } = testEngine({ tools: { effect: effect.tool } })
    const wf = {
      id: 'rfn',
      steps: [
        { id: 'top', type: 'tool', tool: 'effect', arguments: { item: 'top', stage: 0 } },
        { id: 'l', type: 'loop', over: ['a', 'b', 'c'], steps: [
          { id: 'one', type: 'tool', tool: 'effect', arguments: { item: '{{loop.item}}', stage: 1 } },
          { id: 'two', type: 'tool', tool: 'effect', arguments: { item: '{{loop.item}}', stage: 2 } },
        ] },
      ],
    }
    const failed = await engine.run(wf)
    expect(failed.error?.stepId).toBe('two')
    const before = effect.calls.length
    const retry = await engine.executions.retryFrom(failed.id, { stepId: 'two' })
    expect(retry.retryOf?.iterationPath).toBe('l:i1')
    const done = await engine.executions.settled(retry.id)
    expect(done.status).toBe('completed')
    expect(done.outputs.l).toEqual({ iterations: 3, results: ['a2', 'b2', 'c2'] })
    expect(effect.calls.slice(before).map((c) => `${c.input.item}${c.input.stage}`)).toEqual(['b2', 'c1', 'c2'])
  })

  it('an unknown step is NOT_FOUND', async () => {
    const { engine } = testEngine()
    const done = await engine.run({ id: 'x', steps: [{ id: 'a', type: 'set', values: { v: '1' } }] })
    await expect(engine.executions.retryFrom(done.id, { stepId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})
