import { describe, expect, it } from 'vitest'
import { stepIssues } from '../../language/test-validator.js'
import { notifyStepDiagram } from './diagram.js'

describe('notify', () => {
  it('accepts content with an optional target', () => {
    expect(stepIssues([{ type: 'notify', content: 'Done: {{ outputs.x }}' }, { type: 'notify', target: 'slack', content: 'x' }], { notifiers: ['default', 'slack'] })).toEqual([])
  })

  it('requires content', () => {
    expect(stepIssues([{ type: 'notify', target: 'x' }])).toEqual([expect.objectContaining({ path: '/steps/0/content', code: 'missing_field' })])
  })

  it('checks the target (default included) when notifiers are known', () => {
    expect(stepIssues([{ type: 'notify', target: 'slak', content: 'x' }], { notifiers: ['slack'] })).toEqual([expect.objectContaining({ path: '/steps/0/target', code: 'unknown_notifier', hint: expect.stringContaining('slack') })])
    expect(stepIssues([{ type: 'notify', content: 'x' }], { notifiers: ['slack'] })).toEqual([expect.objectContaining({ path: '/steps/0/target', message: expect.stringContaining('default') })])
  })

  it('compiles the content template', () => {
    expect(stepIssues([{ type: 'notify', content: 'x {{ !a }}' }])).toEqual([expect.objectContaining({ path: '/steps/0/content', code: 'js_operator' })])
  })

  it('summarises the content', () => {
    expect(notifyStepDiagram.summarize({ id: 'n', type: 'notify', content: 'Deployed' })).toBe('Deployed')
    expect(notifyStepDiagram.summarize({ id: 'n', type: 'notify', target: 'ops', content: 'Deployed' })).toBe('→ ops: Deployed')
  })
})
