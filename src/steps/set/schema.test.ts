import { describe, expect, it } from 'vitest'
import { stepIssues } from '../../language/test-validator.js'
import { setStepDiagram } from './diagram.js'

describe('set', () => {
  it('accepts expressions and literal values', () => {
    expect(stepIssues([{ type: 'set', values: { total: '$sum(outputs.items.price)', label: '{{ variables.name }}', fixed: 3, flags: { a: true }, 'with-dash': 'null' } }])).toEqual([])
  })

  it('rejects empty values, bad keys and bad expressions', () => {
    expect(stepIssues([{ type: 'set', values: {} }])).toEqual([expect.objectContaining({ path: '/steps/0/values', message: expect.stringContaining('at least one') })])
    expect(stepIssues([{ type: 'set' }])).toEqual([expect.objectContaining({ path: '/steps/0/values', code: 'missing_field' })])
    expect(stepIssues([{ type: 'set', values: { '1bad': '1', ok: 'a &&' } }]).map((issue) => issue.path)).toEqual(['/steps/0/values/1bad', '/steps/0/values/ok'])
  })

  it('summarises the keys', () => {
    expect(setStepDiagram.summarize({ id: 's', type: 'set', values: { a: '1', b: '2' } })).toBe('set a, b')
  })
})
