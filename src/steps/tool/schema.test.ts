import { describe, expect, it } from 'vitest'
import { stepIssues } from '../../language/test-validator.js'
import { toolStepDiagram } from './diagram.js'

describe('tool', () => {
  it('accepts a tool with templated arguments', () => {
    expect(stepIssues([{ type: 'tool', tool: 'search', arguments: { q: '{{ variables.q }}', opts: { n: 3, tags: ['{{ loop.item }}'] } } }], { tools: ['search'] })).toEqual([])
  })

  it('requires tool and an object of arguments', () => {
    expect(stepIssues([{ type: 'tool', arguments: [] }]).map((issue) => [issue.path, issue.code])).toEqual([
      ['/steps/0/tool', 'missing_field'],
      ['/steps/0/arguments', 'invalid_field'],
    ])
  })

  it('checks the tool name against the registry when known', () => {
    expect(stepIssues([{ type: 'tool', tool: 'serch' }], { tools: ['search', 'fetch'] })).toEqual([
      { path: '/steps/0/tool', code: 'unknown_tool', message: 'Unknown tool `serch`.', hint: 'Did you mean `search`? Known tools: `search`, `fetch`.' },
    ])
    expect(stepIssues([{ type: 'tool', tool: 'serch' }])).toEqual([])
  })

  it('compiles every argument string', () => {
    expect(stepIssues([{ type: 'tool', tool: 't', arguments: { a: { b: ['ok', 'bad {{ x === 1 }}'] } } }])).toEqual([expect.objectContaining({ path: '/steps/0/arguments/a/b/1', code: 'js_operator' })])
  })

  it('summarises as tool: name', () => {
    expect(toolStepDiagram.summarize({ id: 't', type: 'tool', tool: 'search' })).toBe('tool: search')
  })
})
