import { describe, expect, it } from 'vitest'
import { issuesOf, stepIssues, testValidator } from './test-validator.js'
import type { StepBase } from './workflow-types.js'

function ids(steps: unknown[]): unknown {
  const result = testValidator.validate({ id: 'wf', steps })
  if (!result.ok) throw new Error(JSON.stringify(result.issues))
  const collect = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(collect) : typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).filter(([key, item]) => key === 'id' || typeof item === 'object').map(([key, item]) => [key, collect(item)])) : value
  return collect(result.workflow.steps)
}

describe('step ids', () => {
  it('derives missing ids from the position', () => {
    expect(
      ids([
        { type: 'end' },
        { id: 'gate', type: 'conditional', condition: true, then: [{ type: 'end' }], else: [{ type: 'end' }, { type: 'loop', over: [1], steps: [{ type: 'end' }] }] },
        { id: 'p', type: 'parallel', branches: [[{ type: 'end' }], [{ type: 'end' }, { type: 'end' }]] },
      ]),
    ).toEqual([
      { id: 'step_0' },
      { id: 'gate', then: [{ id: 'gate_then_0' }], else: [{ id: 'gate_else_0' }, { id: 'gate_else_1', over: [1], steps: [{ id: 'gate_else_1_steps_0' }] }] },
      { id: 'p', branches: [[{ id: 'p_branches_0_0' }], [{ id: 'p_branches_1_0' }, { id: 'p_branches_1_1' }]] },
    ])
  })

  it('derives the same ids for the parallel `steps` shorthand and normalises it to branches', () => {
    const result = testValidator.validate({ id: 'wf', steps: [{ id: 'p', type: 'parallel', steps: [{ type: 'end' }, { type: 'wait', durationMs: 1 }] }] })
    expect(result.ok && result.workflow.steps[0]).toEqual({ id: 'p', type: 'parallel', branches: [[{ id: 'p_branches_0_0', type: 'end' }], [{ id: 'p_branches_1_0', type: 'wait', durationMs: 1 }]] })
  })

  it('is stable: validating the normalised workflow again changes nothing', () => {
    const first = testValidator.validate({ steps: [{ type: 'conditional', condition: 'true', then: [{ type: 'notify', content: 'x' }] }, { type: 'parallel', steps: [{ type: 'end' }] }] })
    if (!first.ok) throw new Error('invalid')
    const second = testValidator.validate(first.workflow)
    expect(second.ok && second.workflow).toEqual(first.workflow)
  })

  it('uses the derived ids of containers for their children', () => {
    expect(ids([{ type: 'end' }, { type: 'conditional', condition: true, then: [{ type: 'end' }] }])).toEqual([{ id: 'step_0' }, { id: 'step_1', then: [{ id: 'step_1_then_0' }] }])
  })

  it('checks derived ids against explicit ones', () => {
    const issues = stepIssues([{ id: 'step_1', type: 'end', if: false }, { type: 'end' }])
    expect(issues).toEqual([expect.objectContaining({ path: '/steps/1', code: 'duplicate_id', message: expect.stringMatching(/step_1.*\/steps\/1.*\/steps\/0/), hint: expect.stringContaining('explicit') })])
  })

  it('rejects duplicate ids anywhere, naming both paths', () => {
    const issues = stepIssues([{ id: 'a', type: 'end', if: false }, { id: 'c', type: 'loop', over: [1], steps: [{ id: 'a', type: 'end' }] }])
    expect(issues).toEqual([
      { path: '/steps/1/steps/0/id', code: 'duplicate_id', message: 'Duplicate step id `a`: the step at /steps/1/steps/0 and the step at /steps/0 both use it.', hint: expect.any(String) },
    ])
  })

  it.each(['a/b', 'a:b', 'with space', '', 'x'.repeat(129), 'é'])('rejects the id %j', (id) => {
    expect(stepIssues([{ id, type: 'end' }])).toEqual([expect.objectContaining({ path: '/steps/0/id', code: 'invalid_id' })])
  })

  it('rejects non-string ids and invalid workflow ids', () => {
    expect(stepIssues([{ id: 3, type: 'end' }])).toEqual([expect.objectContaining({ path: '/steps/0/id', code: 'invalid_id' })])
    expect(issuesOf(testValidator.validate({ id: 'bad:id', steps: [{ type: 'end' }] }))).toEqual([expect.objectContaining({ path: '/id', code: 'invalid_id' })])
  })

  it('accepts ids with letters, digits, _ and -', () => {
    const result = testValidator.validate({ id: 'My-flow_2', steps: [{ id: 'fetch-data_1', type: 'end' }] })
    expect(result.ok && (result.workflow.steps[0] as StepBase).id).toBe('fetch-data_1')
  })
})
