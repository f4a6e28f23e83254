import { describe, expect, it } from 'vitest'
import { recordingTool, testEngine } from '../helpers.js'

describe('conditional', () => {
  it('takes then/else by JSONata, boolean and legacy conditions, outputs {condition, branch}', async () => {
    const t = recordingTool((input) => input.v)
    const { engine } = testEngine({ tools: { t: t.tool } })
    const execution = await engine.run({
      id: 'c',
      variables: { score: { type: 'number' }, mode: { type: 'string' } },
      steps: [
        { id: 'c1', type: 'conditional', condition: 'variables.score > 0.8 and variables.mode = "x"', then: [{ id: 'hi', type: 'tool', tool: 't', arguments: { v: 'high' } }], else: [{ id: 'lo', type: 'tool', tool: 't', arguments: { v: 'low' } }] },
        { id: 'c2', type: 'conditional', condition: false, then: [{ id: 'n1', type: 'tool', tool: 't' }] },
        { id: 'c3', type: 'conditional', condition: { variable: 'mode', equals: 'x' }, then: [{ id: 'legacy', type: 'tool', tool: 't', arguments: { v: 'legacy' } }] },
      ],
    }, { variables: { score: 0.9, mode: 'x' } })
    expect(execution.status).toBe('completed')
    expect(execution.outputs).toMatchObject({ hi: 'high', c1: { condition: true, branch: 'then' }, c2: { condition: false, branch: 'else' }, legacy: 'legacy' })
    const steps = await engine.executions.steps(execution.id)
    expect(steps.find((s) => s.stepId === 'hi')?.iterationPath).toBe('c1:then')
    expect(steps.some((s) => s.stepId === 'lo')).toBe(false)
  })

  it('reports its branch’s failure as its own status (valet bug: conditional showed completed)', async () => {
    const boom = recordingTool(() => {
      throw new Error('boom')
    })
    const { engine } = testEngine({ tools: { boom: boom.tool } })
    const execution = await engine.run({ id: 'cf', steps: [{ id: 'c', type: 'conditional', condition: true, then: [{ id: 'x', type: 'tool', tool: 'boom' }] }] })
    expect(execution.status).toBe('failed')
    expect(execution.error).toMatchObject({ code: 'TOOL_FAILED', stepId: 'x' })
    const steps = await engine.executions.steps(execution.id)
    expect(steps.find((s) => s.stepId === 'c')?.status).toBe('failed')
  })
})

describe('loop', () => {
  it('iterates a path with loop.item/loop.index and custom vars; results in input order; iteration paths', async () => {
    const t = recordingTool((input) => `${input.i}:${input.item}`)
    const { engine } = testEngine({ tools: { t: t.tool } })
    const execution = await engine.run({
      id: 'l',
      variables: { items: { type: 'array' } },
      steps: [{ id: 'each', type: 'loop', over: 'variables.items', itemVar: 'fruit', indexVar: 'i', steps: [{ id: 'body', type: 'tool', tool: 't', arguments: { item: '{{loop.item}}', i: '{{variables.i}}', same: '{{variables.fruit}}' } }] }],
    }, { variables: { items: ['apple', 'pear', 'fig'] } })
    expect(execution.outputs.each).toEqual({ iterations: 3, results: ['0:apple', '1:pear', '2:fig'] })
    expect(t.calls.map((c) => c.input.same)).toEqual(['apple', 'pear', 'fig'])
    const steps = await engine.executions.steps(execution.id)
    expect(steps.filter((s) => s.stepId === 'body').map((s) => s.iterationPath)).toEqual(['each:i0', 'each:i1', 'each:i2'])
  })

  it('accepts an inline array with templates; empty arrays complete with 0 iterations', async () => {
    const { engine } = testEngine()
    const execution = await engine.run({
      id: 'li',
      steps: [
        { id: 'inline', type: 'loop', over: [1, '{{1+1}}', 3], steps: [{ id: 'sq', type: 'set', values: { sq: 'loop.item * loop.item' } }] },
        { id: 'empty', type: 'loop', over: [], steps: [{ id: 'never', type: 'set', values: { never: '1' } }] },
      ],
    })
    expect(execution.outputs.inline).toEqual({ iterations: 3, results: [{ sq: 1 }, { sq: 4 }, { sq: 9 }] })
    expect(execution.outputs.empty).toEqual({ iterations: 0, results: [] })
    expect(execution.outputs.sq).toBe(9)
    expect(execution.outputs.never).toBeUndefined()
  })

  it('runs with concurrency and still returns results in input order', async () => {
    const order: number[] = []
    const slow = recordingTool(async (input) => {
      await new Promise((r) => setTimeout(r, (4 - (input.n as number)) * 5))
      order.push(input.n as number)
      return input.n
    })
    const { engine } = testEngine({ tools: { slow: slow.tool } })
    const execution = await engine.run({ id: 'lc', steps: [{ id: 'l', type: 'loop', over: [1, 2, 3, 4], concurrency: 4, steps: [{ id: 'b', type: 'tool', tool: 'slow', arguments: { n: '{{loop.item}}' } }] }] })
    expect(order).not.toEqual([1, 2, 3, 4])
    expect(execution.outputs.l).toEqual({ iterations: 4, results: [1, 2, 3, 4] })
  })

  it('a non-array over fails with EXPRESSION_FAILED; too many items with LIMIT_EXCEEDED', async () => {
    const { engine } = testEngine()
    const bad = await engine.run({ id: 'ln', variables: { x: { type: 'any' } }, steps: [{ id: 'l', type: 'loop', over: 'variables.x', steps: [{ id: 'b', type: 'set', values: { a: '1' } }] }] }, { variables: { x: 'nope' } })
    expect(bad.error).toMatchObject({ code: 'EXPRESSION_FAILED', stepId: 'l' })
    const big = await engine.run({ id: 'lm', steps: [{ id: 'l', type: 'loop', over: '[1..20]', maxIterations: 5, steps: [{ id: 'b', type: 'set', values: { a: '1' } }] }] })
    expect(big.error).toMatchObject({ code: 'LIMIT_EXCEEDED' })
  })

  it('rolls back outputs written by iterations when a later iteration fails, keeping earlier keys; the loop is failed', async () => {
    const t = recordingTool((input) => {
      if (input.n === 3) throw new Error('third fails')
      return input.n
    })
    const { engine } = testEngine({ tools: { t: t.tool } })
    const execution = await engine.run({
      id: 'lr',
      steps: [
        { id: 'before', type: 'set', values: { kept: '"yes"' } },
        { id: 'l', type: 'loop', onError: 'continue', over: [1, 2, 3], steps: [{ id: 'b', type: 'tool', tool: 't', arguments: { n: '{{loop.item}}' }, outputVariable: 'last' }] },
      ],
    })
    expect(execution.status).toBe('completed')
    expect(execution.outputs.kept).toBe('yes')
    expect(execution.outputs.last).toBeUndefined()
    const steps = await engine.executions.steps(execution.id)
    expect(steps.find((s) => s.stepId === 'l')?.status).toBe('failed')
  })
})

describe('parallel', () => {
  it('runs branches concurrently with isolated outputs, merged in branch order', async () => {
    let running = 0
    let peak = 0
    const slow = recordingTool(async (input) => {
      running++
      peak = Math.max(peak, running)
      await new Promise((r) => setTimeout(r, 10))
      running--
      return input.v
    })
    const { engine } = testEngine({ tools: { slow: slow.tool } })
    const execution = await engine.run({
      id: 'p',
      steps: [
        { id: 'p1', type: 'parallel', branches: [
          [{ id: 'a', type: 'tool', tool: 'slow', arguments: { v: 'A', sees: 'saw:{{outputs.x}}' }, outputVariable: 'x' }],
          [{ id: 'b', type: 'tool', tool: 'slow', arguments: { v: 'B' }, outputVariable: 'x' }],
        ] },
      ],
    })
    expect(peak).toBe(2)
    expect(slow.calls.find((c) => c.input.v === 'A')?.input.sees).toBe('saw:')
    expect(execution.outputs.x).toBe('B')
    expect(execution.outputs.p1).toEqual({ branches: ['A', 'B'] })
    const steps = await engine.executions.steps(execution.id)
    expect(steps.find((s) => s.stepId === 'b')?.iterationPath).toBe('p1:b1')
  })

  it('a failing branch fails the parallel (true container status) and cancels its siblings', async () => {
    const boom = recordingTool(() => {
      throw new Error('x')
    })
    const hang = recordingTool(({}, n) => new Promise((resolve) => setTimeout(() => resolve(n), 200)))
    const { engine } = testEngine({ tools: { boom: boom.tool, hang: hang.tool } })
    const execution = await engine.run({ id: 'pf', steps: [{ id: 'p', type: 'parallel', steps: [{ id: 'f', type: 'tool', tool: 'boom' }, { id: 'h', type: 'tool', tool: 'hang' }] }] })
    expect(execution.status).toBe('failed')
    expect(execution.error?.stepId).toBe('f')
    const steps = await engine.executions.steps(execution.id)
    expect(Object.fromEntries(steps.map((s) => [s.stepId, s.status]))).toEqual({ p: 'failed', f: 'failed', h: 'cancelled' })
  })
})

describe('written order (valet bug: nested steps ran alphabetically)', () => {
  it('runs nested steps in the order written in every container', async () => {
    const order: string[] = []
    const t = recordingTool((input) => order.push(input.id as string))
    const { engine } = testEngine({ tools: { t: t.tool } })
    const leaf = (id: string) => ({ id, type: 'tool', tool: 't', arguments: { id } })
    await engine.run({
      id: 'order',
      steps: [
        { id: 'cond', type: 'conditional', condition: true, then: [leaf('zeta'), leaf('alpha'), leaf('mid')] },
        { id: 'lp', type: 'loop', over: [1], steps: [leaf('z2'), leaf('a2')] },
      ],
    })
    expect(order).toEqual(['zeta', 'alpha', 'mid', 'z2', 'a2'])
  })
})
