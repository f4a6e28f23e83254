import { describe, expect, it } from 'vitest'
import { stepIssues, testValidator } from '../../language/test-validator.js'
import { parallelStepDiagram } from './diagram.js'

describe('parallel', () => {
  it('accepts branches or the steps shorthand', () => {
    expect(stepIssues([{ type: 'parallel', branches: [[{ type: 'end' }], [{ type: 'wait', durationMs: 1 }, { type: 'end' }]] }])).toEqual([])
    const result = testValidator.validate({ id: 'w', steps: [{ id: 'p', type: 'parallel', name: 'fan', steps: [{ id: 'a', type: 'end' }, { id: 'b', type: 'end' }] }] })
    expect(result.ok && result.workflow.steps[0]).toEqual({ id: 'p', type: 'parallel', name: 'fan', branches: [[{ id: 'a', type: 'end' }], [{ id: 'b', type: 'end' }]] })
  })

  it('needs exactly one of branches and steps, and non-empty branches', () => {
    expect(stepIssues([{ type: 'parallel' }])).toEqual([expect.objectContaining({ path: '/steps/0/branches', code: 'missing_field' })])
    expect(stepIssues([{ type: 'parallel', branches: [[{ type: 'end' }]], steps: [{ type: 'end' }] }])).toEqual([expect.objectContaining({ path: '/steps/0/steps', code: 'invalid_field' })])
    expect(stepIssues([{ type: 'parallel', branches: [[]] }])).toEqual([expect.objectContaining({ path: '/steps/0/branches/0', message: expect.stringContaining('at least one step') })])
    expect(stepIssues([{ type: 'parallel', branches: [] }])).toEqual([expect.objectContaining({ path: '/steps/0/branches' })])
  })

  it('reports nested issues at the path as written', () => {
    expect(stepIssues([{ type: 'parallel', steps: [{ type: 'end' }, { type: 'tool' }] }])).toEqual([expect.objectContaining({ path: '/steps/0/steps/1/tool' })])
    expect(stepIssues([{ type: 'parallel', branches: [[{ type: 'end' }], [{ type: 'end' }, { type: 'tool' }]] }])).toEqual([expect.objectContaining({ path: '/steps/0/branches/1/1/tool' })])
  })

  it('summarises the branch count', () => {
    expect(parallelStepDiagram.summarize({ id: 'p', type: 'parallel', branches: [[], []] })).toBe('2 branches')
    expect(parallelStepDiagram.summarize({ id: 'p', type: 'parallel', branches: [[]] })).toBe('1 branch')
  })
})
