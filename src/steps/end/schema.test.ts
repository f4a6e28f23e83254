import { describe, expect, it } from 'vitest'
import { stepIssues } from '../../language/test-validator.js'
import { endStepDiagram } from './diagram.js'

describe('end', () => {
  it('accepts status, output and error', () => {
    expect(stepIssues([{ type: 'end', status: 'failed', error: 'Broke: {{ outputs.x }}', output: { a: ['{{ outputs.y }}'] } }])).toEqual([])
    expect(stepIssues([{ type: 'end' }])).toEqual([])
  })

  it('rejects unknown statuses, error without failed status, bad output templates', () => {
    expect(stepIssues([{ type: 'end', status: 'cancelled' }])).toEqual([expect.objectContaining({ path: '/steps/0/status', code: 'invalid_field' })])
    expect(stepIssues([{ type: 'end', error: 'x' }])).toEqual([expect.objectContaining({ path: '/steps/0/error', hint: expect.stringContaining('failed') })])
    expect(stepIssues([{ type: 'end', output: { a: '{{ 1 + }}' } }])).toEqual([expect.objectContaining({ path: '/steps/0/output/a', code: 'invalid_expression' })])
  })

  it('summarises the status', () => {
    expect(endStepDiagram.summarize({ id: 'e', type: 'end' })).toBe('end: completed')
    expect(endStepDiagram.summarize({ id: 'e', type: 'end', status: 'failed', error: 'no data' })).toBe('end: failed — no data')
  })
})
