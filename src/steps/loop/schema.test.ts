import { describe, expect, it } from 'vitest'
import { stepIssues } from '../../language/test-validator.js'
import { loopStepDiagram } from './diagram.js'

describe('loop', () => {
  it('accepts an expression or an inline array', () => {
    expect(stepIssues([{ type: 'loop', over: 'outputs.plan.items', itemVar: 'task', indexVar: 'i', concurrency: 4, maxIterations: 10, steps: [{ type: 'notify', content: '{{ variables.task }} {{ loop.index }}' }] }])).toEqual([])
    expect(stepIssues([{ type: 'loop', over: [1, '{{ variables.x }}', { a: 'b' }], steps: [{ type: 'end' }] }])).toEqual([])
  })

  it('requires over and a non-empty body', () => {
    expect(stepIssues([{ type: 'loop', steps: [] }])).toEqual([
      expect.objectContaining({ path: '/steps/0/over', code: 'missing_field' }),
      expect.objectContaining({ path: '/steps/0/steps', code: 'invalid_field', message: expect.stringContaining('at least one step') }),
    ])
    expect(stepIssues([{ type: 'loop', over: 5, steps: [{ type: 'end' }] }])).toEqual([expect.objectContaining({ path: '/steps/0/over', message: expect.stringContaining('array') })])
  })

  it('checks loop variables, concurrency and inline templates', () => {
    const issues = stepIssues([{ type: 'loop', over: ['{{ a || b }}'], itemVar: 'x', indexVar: 'x', concurrency: 51, steps: [{ type: 'end' }] }])
    expect(issues.map((issue) => issue.path)).toEqual(['/steps/0/concurrency', '/steps/0/over/0', '/steps/0/indexVar'])
    expect(stepIssues([{ type: 'loop', over: 'x', itemVar: 'not valid', indexVar: '_payload', steps: [{ type: 'end' }] }]).map((issue) => issue.path)).toEqual(['/steps/0/itemVar', '/steps/0/indexVar'])
  })

  it('summarises as for each', () => {
    expect(loopStepDiagram.summarize({ id: 'l', type: 'loop', over: 'outputs.items', steps: [] })).toBe('for each outputs.items')
    expect(loopStepDiagram.summarize({ id: 'l', type: 'loop', over: [1, 2], steps: [], concurrency: 3 })).toBe('for each [1,2] (×3)')
  })
})
