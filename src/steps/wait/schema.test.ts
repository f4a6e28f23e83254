import { describe, expect, it } from 'vitest'
import { stepIssues } from '../../language/test-validator.js'
import { waitStepDiagram } from './diagram.js'

describe('wait', () => {
  it('accepts durationMs or until', () => {
    expect(stepIssues([{ type: 'wait', durationMs: 0 }, { type: 'wait', until: '$fromMillis($millis() + 60000)' }])).toEqual([])
  })

  it('needs exactly one of them', () => {
    expect(stepIssues([{ type: 'wait' }])).toEqual([expect.objectContaining({ path: '/steps/0/durationMs', code: 'missing_field' })])
    expect(stepIssues([{ type: 'wait', durationMs: 5, until: 'x' }])).toEqual([expect.objectContaining({ path: '/steps/0/until', code: 'invalid_field' })])
    expect(stepIssues([{ type: 'wait', durationMs: -1 }])).toEqual([expect.objectContaining({ path: '/steps/0/durationMs', code: 'invalid_field' })])
    expect(stepIssues([{ type: 'wait', until: 'a ===' }])).toEqual([expect.objectContaining({ path: '/steps/0/until', code: 'js_operator' })])
  })

  it('summarises the duration', () => {
    expect(waitStepDiagram.summarize({ id: 'w', type: 'wait', durationMs: 5_400_000 })).toBe('wait 1h 30m')
    expect(waitStepDiagram.summarize({ id: 'w', type: 'wait', durationMs: 250 })).toBe('wait 250ms')
    expect(waitStepDiagram.summarize({ id: 'w', type: 'wait', until: 'variables.at' })).toBe('until variables.at')
  })
})
