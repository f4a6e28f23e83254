import { describe, expect, it } from 'vitest'
// Test-only, as in test-validator.ts: the built-in step types.
// eslint-disable-next-line no-restricted-imports
import { builtinStepSchemas } from '../steps/builtin-schemas.js'
import { issuesOf, stepIssues, testValidator } from './test-validator.js'
import { createWorkflowValidator } from './validate-workflow.js'

const gateBranch = { type: 'notify', content: 'High: {{variables.issue.title}}' }

const valid = {
  id: 'triage-issue',
  name: 'Triage',
  variables: { issue: { type: 'object', required: true }, dryRun: { type: 'boolean', default: false } },
  defaults: { timeoutMs: 60000, retry: { maxAttempts: 3, backoffMs: 1000, factor: 2 } },
  limits: { maxSteps: 500, maxLoopIterations: 1000 },
  failureNotify: 'default',
  metadata: { anything: { goes: [1, 2] } },
  steps: [
    { id: 'classify', type: 'agent_prompt', prompt: 'Classify {{ variables.issue.title }}', outputSchema: { severity: { type: 'string' } } },
    { id: 'gate', type: 'conditional', condition: 'outputs.classify.severity = "high" and variables.dryRun = false', then: [gateBranch] },
  ],
}

describe('validate: documents', () => {
  it('accepts a valid workflow and returns it normalised', () => {
    const result = testValidator.validate(valid, { notifiers: ['default'] })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.workflow.steps[1]).toEqual({ ...valid.steps[1], then: [{ id: 'gate_then_0', type: 'notify', content: 'High: {{variables.issue.title}}' }] })
    expect(result.warnings).toEqual([])
    expect(gateBranch).not.toHaveProperty('id')
  })

  it('does not inject defaults (only ids and aliases change)', () => {
    const result = testValidator.validate(valid)
    expect(result.ok && JSON.stringify(result.workflow)).toBe(JSON.stringify({ ...valid, steps: [valid.steps[0], { ...valid.steps[1], then: [{ id: 'gate_then_0', ...gateBranch }] }] }))
  })

  it('derives a workflow id from the content hash when it is omitted', () => {
    const { id: _id, ...rest } = valid
    const a = testValidator.validate(rest)
    const b = testValidator.validate({ ...rest, name: 'Other' })
    expect(a.ok && a.workflow.id).toMatch(/^wf-[0-9a-f]{12}$/)
    expect(a.ok && a.workflow.id).toBe(testValidator.validate(JSON.parse(JSON.stringify(rest))).ok && (testValidator.validate(rest) as { workflow: { id: string } }).workflow.id)
    expect(b.ok && b.workflow.id).not.toBe(a.ok && a.workflow.id)
  })

  it('rejects non-objects and missing steps', () => {
    expect(issuesOf(testValidator.validate(null))).toEqual([expect.objectContaining({ path: '', code: 'invalid_field' })])
    expect(issuesOf(testValidator.validate([]))).toEqual([expect.objectContaining({ path: '' })])
    expect(issuesOf(testValidator.validate({ id: 'x' }))).toEqual([expect.objectContaining({ path: '/steps', code: 'missing_field' })])
    expect(issuesOf(testValidator.validate({ id: 'x', steps: [] }))).toEqual([expect.objectContaining({ path: '/steps', message: expect.stringContaining('at least one step') })])
  })

  it('rejects unknown top-level fields but allows any metadata', () => {
    expect(issuesOf(testValidator.validate({ ...valid, stepz: [] }))).toEqual([expect.objectContaining({ path: '/stepz', code: 'unknown_field', hint: 'Did you mean `steps`?' })])
    expect(testValidator.validate({ ...valid, $schema: 'https://example.com/workflow.json' }).ok).toBe(true)
  })

  it('checks limits are positive integers', () => {
    const issues = issuesOf(testValidator.validate({ ...valid, limits: { maxSteps: 0, maxLoopIterations: 1.5, expressionTimeoutMs: -1, maxOutputBytes: '1', bogus: 1 } }))
    expect(issues.map((issue) => issue.path).sort()).toEqual(['/limits/bogus', '/limits/expressionTimeoutMs', '/limits/maxLoopIterations', '/limits/maxOutputBytes', '/limits/maxSteps'])
  })

  it('checks variable declarations and defaults', () => {
    const issues = issuesOf(
      testValidator.validate({
        ...valid,
        variables: { a: { type: 'text' }, b: { type: 'number', default: 'x' }, c: { type: 'array', default: {} }, d: { type: 'any', default: null }, e: { type: 'object', default: { k: 1 } }, f: { type: 'string', extra: 1 } },
      }),
    )
    expect(issues).toEqual([
      expect.objectContaining({ path: '/variables/a/type', code: 'invalid_field' }),
      expect.objectContaining({ path: '/variables/f/extra', code: 'unknown_field' }),
      expect.objectContaining({ path: '/variables/b/default', message: expect.stringContaining('number') }),
      expect.objectContaining({ path: '/variables/c/default' }),
    ])
  })

  it('checks retry and defaults shapes', () => {
    const issues = issuesOf(testValidator.validate({ ...valid, defaults: { timeoutMs: 0, retry: { maxAttempts: 0, jitter: 'yes' } } }))
    expect(issues.map((issue) => issue.path)).toEqual(['/defaults/timeoutMs', '/defaults/retry/maxAttempts', '/defaults/retry/jitter'])
  })

  it('checks failureNotify when notifiers are known', () => {
    expect(issuesOf(testValidator.validate({ ...valid, failureNotify: 'slak' }, { notifiers: ['slack', 'default'] }))).toEqual([
      expect.objectContaining({ path: '/failureNotify', code: 'unknown_notifier', hint: expect.stringContaining('`slack`') }),
    ])
  })

  it('returns every issue, not just the first', () => {
    const issues = stepIssues([{ type: 'tool' }, { type: 'nope' }, { type: 'loop', steps: [{ type: 'bash' }] }])
    expect(issues.map((issue) => issue.path)).toEqual(['/steps/0/tool', '/steps/1/type', '/steps/2/over', '/steps/2/steps/0/command'])
  })
})

describe('validate: steps', () => {
  it('hints at renamed step types', () => {
    expect(stepIssues([{ type: 'agent', prompt: 'x' }])).toEqual([{ path: '/steps/0/type', code: 'unknown_type', message: 'Unknown step type `agent`.', hint: '`agent` was renamed `agent_prompt`.' }])
    expect(stepIssues([{ type: 'agent_message', content: 'x' }])[0].hint).toMatch(/`notify`.*`agent_prompt`/)
    expect(stepIssues([{ type: 'subworkflow' }])[0].hint).toContain('inline the steps')
    expect(stepIssues([{ type: 'tol' }])[0].hint).toMatch(/^Did you mean `tool`\? Valid types: agent_prompt, tool, notify/)
    expect(stepIssues([{ type: 'zzzzzzzz' }])[0].hint).toMatch(/^Valid types: /)
    expect(stepIssues([{ tool: 'x' }])).toEqual([expect.objectContaining({ path: '/steps/0/type', code: 'missing_field' })])
    expect(stepIssues([42])).toEqual([expect.objectContaining({ path: '/steps/0', message: expect.stringContaining('object') })])
  })

  it('reports unknown fields with hints', () => {
    expect(stepIssues([{ type: 'bash', command: 'ls', timeout: 5 }])).toEqual([{ path: '/steps/0/timeout', code: 'unknown_field', message: 'Unknown field `timeout` in a `bash` step.', hint: 'Use `timeoutMs` (milliseconds).' }])
    expect(stepIssues([{ type: 'tool', tool: 't', argumnts: {} }])[0]).toMatchObject({ path: '/steps/0/argumnts', hint: 'Did you mean `arguments`?' })
    expect(stepIssues([{ type: 'tool', tool: 't', retry: { attempts: 2 } }])[0]).toMatchObject({ path: '/steps/0/retry/attempts', code: 'unknown_field', hint: expect.stringContaining('maxAttempts') })
  })

  it('checks common fields', () => {
    const issues = stepIssues([{ type: 'end', if: 3, outputVariable: 'bad name', onError: 'ignore', timeoutMs: -5, name: 1 }])
    expect(issues.map((issue) => issue.path).sort()).toEqual(['/steps/0/if', '/steps/0/name', '/steps/0/onError', '/steps/0/outputVariable', '/steps/0/timeoutMs'])
  })

  it('compiles `if` conditions', () => {
    expect(stepIssues([{ type: 'end', if: 'variables.a == 1' }])).toEqual([expect.objectContaining({ path: '/steps/0/if', code: 'js_operator', hint: expect.stringContaining('variables.a = 1') })])
    expect(stepIssues([{ type: 'end', if: '{{ variables.a = 1 }}' }])).toEqual([])
  })

  it('reports invalid JSONata with the message and position at the field path', () => {
    expect(stepIssues([{ type: 'loop', over: 'outputs.items[', steps: [{ type: 'end' }] }])).toEqual([
      expect.objectContaining({ path: '/steps/0/over', code: 'invalid_expression', message: expect.stringMatching(/Invalid JSONata: .*position/) }),
    ])
    expect(stepIssues([{ type: 'notify', content: 'Hi {{ variables.a + }}' }])).toEqual([expect.objectContaining({ path: '/steps/0/content', code: 'invalid_expression', message: expect.stringContaining('position 6') })])
  })

  it('rejects removed functions and catastrophic regexes anywhere', () => {
    expect(stepIssues([{ type: 'set', values: { a: '$eval("1")' } }])).toEqual([expect.objectContaining({ path: '/steps/0/values/a', code: 'removed_function' })])
    expect(stepIssues([{ type: 'tool', tool: 't', arguments: { deep: ['{{ $match(x, /(a+)+$/) }}'] } }])).toEqual([expect.objectContaining({ path: '/steps/0/arguments/deep/0', code: 'unsafe_regex' })])
  })

  it('rejects nesting deeper than 32 levels', () => {
    let step: Record<string, unknown> = { type: 'end' }
    for (let i = 0; i < 40; i += 1) step = { id: `c${i}`, type: 'conditional', condition: true, then: [step] }
    const issues = stepIssues([step])
    expect(issues).toEqual([expect.objectContaining({ code: 'limit', path: `/steps/0${'/then/0'.repeat(31)}/then` })])
  })

  it('reports a derived id that grows too long once, at the first step concerned', () => {
    let step: Record<string, unknown> = { type: 'end' }
    for (let i = 0; i < 25; i += 1) step = { type: 'conditional', condition: true, then: [step] }
    const issues = stepIssues([step])
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatchObject({ code: 'invalid_id', path: `/steps/0${'/then/0'.repeat(18)}` })
  })

  it('warns about steps after an unconditional end and undeclared variables', () => {
    const result = testValidator.validate({ id: 'w', variables: { a: { type: 'string' } }, steps: [{ type: 'end' }, { type: 'notify', content: '{{ variables.b }} {{variables.a}} {{variables._trigger}}' }] })
    expect(result.ok && result.warnings).toEqual([
      expect.objectContaining({ path: '/steps/1', code: 'unreachable' }),
      expect.objectContaining({ path: '/steps/1/content', code: 'unknown_variable', message: expect.stringContaining('variables.b') }),
    ])
  })
})

describe('createWorkflowValidator', () => {
  it('returns the same validator for the same step types (building one costs milliseconds per engine)', () => {
    expect(createWorkflowValidator([...builtinStepSchemas])).toBe(testValidator)
    const fewer = createWorkflowValidator(builtinStepSchemas.slice(1))
    expect(fewer).not.toBe(testValidator)
    expect(fewer.types).toEqual(builtinStepSchemas.slice(1).map((spec) => spec.type))
  })
})

describe('reserved names', () => {
  it('refuses `__proto__` as a step id, outputVariable, loop variable, variable name or any key (it would replace a prototype)', () => {
    const set = { type: 'set', values: { v: '1' } }
    const cases: [unknown, string][] = [
      [{ id: 'w', steps: [{ id: '__proto__', ...set }] }, '/steps/0/id'],
      [{ id: 'w', steps: [{ id: 'a', type: 'tool', tool: 't', outputVariable: '__proto__' }] }, '/steps/0/outputVariable'],
      [{ id: 'w', steps: [{ id: 'l', type: 'loop', over: '[1]', itemVar: '__proto__', steps: [{ id: 'x', ...set }] }] }, '/steps/0/itemVar'],
      [JSON.parse('{"id": "w", "variables": {"__proto__": {"type": "object"}}, "steps": [{"id": "x", "type": "set", "values": {"v": "1"}}]}'), '/variables/__proto__'],
    ]
    // Any `__proto__` key in a document (a `set` key, tool arguments…) too: assigned, it sets a prototype.
    cases.push([JSON.parse('{"id": "w", "steps": [{"id": "s", "type": "set", "values": {"v": "1", "__proto__": "{\\"x\\": 1}"}}]}'), '/steps/0/values/__proto__'])
    for (const [doc, path] of cases) expect(issuesOf(testValidator.validate(doc)).map((issue) => issue.path)).toContain(path)
    expect(testValidator.validate({ id: 'w', steps: [{ id: 'constructor', ...set }] }).ok).toBe(true)
  })
})
