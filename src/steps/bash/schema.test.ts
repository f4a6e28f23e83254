import { describe, expect, it } from 'vitest'
import { stepIssues } from '../../language/test-validator.js'
import { bashStepDiagram } from './diagram.js'

describe('bash', () => {
  it('accepts command, cwd, env and a timeout up to 600000', () => {
    expect(stepIssues([{ type: 'bash', command: 'git clone {{ variables.repo }}', cwd: '/tmp/{{ execution.id }}', env: { TOKEN_NAME: '{{ variables.t }}' }, timeoutMs: 600000 }])).toEqual([])
  })

  it('rejects a missing command, long timeouts and bad env names', () => {
    expect(stepIssues([{ type: 'bash', timeoutMs: 600001, env: { 'BAD-NAME': 'x', STEPWISE_TPL_0: 'y', OK: 1 } }]).map((issue) => issue.path)).toEqual([
      '/steps/0/timeoutMs',
      '/steps/0/command',
      '/steps/0/env/BAD-NAME',
      '/steps/0/env/OK',
      '/steps/0/env/STEPWISE_TPL_0',
    ])
  })

  it('compiles command, cwd and env templates', () => {
    expect(stepIssues([{ type: 'bash', command: 'echo {{ a', cwd: '{{ 1 + }}', env: { A: '{{ $eval("x") }}' } }]).map((issue) => [issue.path, issue.code])).toEqual([
      ['/steps/0/command', 'invalid_expression'],
      ['/steps/0/cwd', 'invalid_expression'],
      ['/steps/0/env/A', 'removed_function'],
    ])
  })

  it('summarises the command', () => {
    expect(bashStepDiagram.summarize({ id: 'b', type: 'bash', command: 'npm test' })).toBe('$ npm test')
  })
})
