import { describe, expect, it } from 'vitest'
import { stepIssues } from '../../language/test-validator.js'
import { conditionalStepDiagram } from './diagram.js'

describe('conditional', () => {
  it('accepts expression, boolean and legacy conditions', () => {
    for (const condition of ['outputs.score > 0.8', '{{ variables.ok }}', true, { variable: 'mode', equals: 'fast' }, { variable: 'ready' }]) {
      expect(stepIssues([{ type: 'conditional', condition, then: [{ type: 'end' }] }]), JSON.stringify(condition)).toEqual([])
    }
  })

  it('rejects missing or malformed conditions', () => {
    expect(stepIssues([{ type: 'conditional', then: [] }])).toEqual([expect.objectContaining({ path: '/steps/0/condition', code: 'missing_field' })])
    expect(stepIssues([{ type: 'conditional', condition: 3 }])).toEqual([expect.objectContaining({ path: '/steps/0/condition', code: 'invalid_field' })])
    expect(stepIssues([{ type: 'conditional', condition: { variable: 'x', eq: 1 } }])).toEqual([expect.objectContaining({ path: '/steps/0/condition/eq', code: 'unknown_field' })])
    expect(stepIssues([{ type: 'conditional', condition: 'a && b' }])).toEqual([expect.objectContaining({ path: '/steps/0/condition', code: 'js_operator', hint: expect.stringContaining('a and b') })])
    expect(stepIssues([{ type: 'conditional', condition: true, then: {} }])).toEqual([expect.objectContaining({ path: '/steps/0/then', code: 'invalid_field' })])
  })

  it('validates both branches', () => {
    expect(stepIssues([{ type: 'conditional', condition: true, then: [{ type: 'tool' }], else: [{ type: 'x' }] }]).map((issue) => issue.path)).toEqual(['/steps/0/then/0/tool', '/steps/0/else/0/type'])
  })

  it('summarises the condition', () => {
    expect(conditionalStepDiagram.summarize({ id: 'c', type: 'conditional', condition: 'outputs.score > 0.8' })).toBe('if outputs.score > 0.8')
    expect(conditionalStepDiagram.summarize({ id: 'c', type: 'conditional', condition: { variable: 'mode', equals: 'fast' } })).toBe('if mode = fast')
  })
})
