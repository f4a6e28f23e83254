import { describe, expect, it } from 'vitest'
import { stepIssues } from '../../language/test-validator.js'
import { approvalStepDiagram } from './diagram.js'

describe('approval', () => {
  it('accepts every field', () => {
    expect(stepIssues([{ type: 'approval', prompt: 'Deploy {{ variables.version }}?', approvers: { role: 'admin' }, timeoutMs: 86_400_000, onTimeout: 'approve', onDeny: 'continue' }, { type: 'approval' }])).toEqual([])
  })

  it('rejects unknown policies and compiles the prompt', () => {
    expect(stepIssues([{ type: 'approval', prompt: '{{ x == 1 }}', onTimeout: 'ignore', onDeny: 'retry' }]).map((issue) => [issue.path, issue.code])).toEqual([
      ['/steps/0/onTimeout', 'invalid_field'],
      ['/steps/0/onDeny', 'invalid_field'],
      ['/steps/0/prompt', 'js_operator'],
    ])
  })

  it('summarises the prompt', () => {
    expect(approvalStepDiagram.summarize({ id: 'a', type: 'approval', prompt: 'Ship it?' })).toBe('Ship it?')
    expect(approvalStepDiagram.summarize({ id: 'a', type: 'approval' })).toBe('Approval required')
  })
})
