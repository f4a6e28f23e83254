import { describe, expect, it } from 'vitest'
import { checkExpressionSource, MAX_AST_NODES, MAX_EXPRESSION_LENGTH } from './expression-analysis.js'
import { findUnsafeRegex } from './regex-safety.js'

describe('checkExpressionSource', () => {
  it('accepts valid JSONata and paths', () => {
    for (const source of ['outputs.score > 0.8 and variables.dryRun = false', 'a != b', '($x := 1; $x)', '$count(outputs.list) >= 2', '{{ variables.repo }}', 'outputs.fetch-data.count > 3', '"&&" & \'||\'', '/* a && b */ true', '$match(x, /a|b/)']) {
      expect(checkExpressionSource(source, 'condition'), source).toEqual([])
    }
  })

  it.each([
    ['a && b', '&&', 'and', 'a and b'],
    ['a || b', '||', 'or', 'a or b'],
    ['a === 1', '===', '=', 'a = 1'],
    ['a == 1', '==', '=', 'a = 1'],
    ['a !== 1', '!==', '!=', 'a != 1'],
    ['!variables.dryRun', '!', '$not', '$not(variables.dryRun)'],
    ['!(a = b)', '!', '$not', '$not(a = b)'],
  ])('flags %s with the JSONata spelling', (source, operator, replacement, rewritten) => {
    const [issue, ...rest] = checkExpressionSource(source, 'condition')
    expect(rest).toEqual([])
    expect(issue.code).toBe('js_operator')
    expect(issue.message).toContain(`\`${operator}\``)
    expect(issue.hint).toContain(replacement)
    expect(issue.hint).toContain(`\`${rewritten}\``)
    expect(issue.position).toBe(source.indexOf(operator))
  })

  it('flags arrow functions', () => {
    expect(checkExpressionSource('$map(xs, x => x)', 'expression')[0]).toMatchObject({ code: 'js_operator', hint: expect.stringContaining('function($x)') })
  })

  it('reports syntax errors with message and position', () => {
    expect(checkExpressionSource('variables.a +', 'expression')).toEqual([{ code: 'invalid_expression', message: expect.stringContaining('position 13'), position: 13 }])
    expect(checkExpressionSource('{{ variables.a + }}', 'expression')[0]).toMatchObject({ code: 'invalid_expression', position: 16 })
    expect(checkExpressionSource('', 'expression')[0]).toMatchObject({ code: 'invalid_expression' })
  })

  it('rejects removed functions', () => {
    expect(checkExpressionSource('$eval("1")', 'expression')).toEqual([expect.objectContaining({ code: 'removed_function', position: 5 })])
    expect(checkExpressionSource('($f := $eval; $f("1"))', 'expression')[0]).toMatchObject({ code: 'removed_function' })
  })

  it('rejects catastrophic regex literals', () => {
    expect(checkExpressionSource('$match(x, /(a+)+$/)', 'expression')[0]).toMatchObject({ code: 'unsafe_regex' })
    expect(checkExpressionSource('$replace(x, /(\\w*)*z/, "")', 'expression')[0]).toMatchObject({ code: 'unsafe_regex' })
    expect(checkExpressionSource('$contains(x, /ab+c/)', 'expression')).toEqual([])
  })

  it('enforces the size limits', () => {
    const long = `1${' + 1'.repeat(MAX_EXPRESSION_LENGTH / 4)}`
    expect(checkExpressionSource(long, 'expression')[0]).toMatchObject({ code: 'limit', message: expect.stringContaining(String(MAX_EXPRESSION_LENGTH)) })
    const wide = `[${Array.from({ length: MAX_AST_NODES + 10 }, (_, i) => i).join(',')}]`
    expect(wide.length).toBeLessThan(MAX_EXPRESSION_LENGTH)
    expect(checkExpressionSource(wide, 'expression')[0]).toMatchObject({ code: 'limit', message: expect.stringContaining('syntax nodes') })
  })

  it('flags literal $pad widths over the cap', () => {
    expect(checkExpressionSource('$pad("", 1000000)', 'expression')[0]).toMatchObject({ code: 'limit' })
    expect(checkExpressionSource('$pad("", 10)', 'expression')).toEqual([])
  })
})

describe('findUnsafeRegex', () => {
  it.each(['(a+)+', '(a*)*$', '(\\d+\\s?)+x', '(?:ab+)*c', '(x+y){10,}', '((a)+b)*', '^(a|a)+$', '^(a|aa)+$', '(x|x?y)*', '((a|ab))*', '(\\d|1)+', '(A|a){10}'])('flags %s', (pattern) => {
    expect(findUnsafeRegex(pattern)).toBeDefined()
  })
  it.each(['a+b+', '(ab)+', '[a-z]+@[a-z]+\\.com', '(a|b)*c', '\\(a+\\)+', '[(a+)+]', '(a+){2}', '(cat|dog)+', '(ab|ac)*', '(a|aa){2}', 'x|xy'])('accepts %s', (pattern) => {
    expect(findUnsafeRegex(pattern)).toBeUndefined()
  })
  it('limits the pattern length', () => {
    expect(findUnsafeRegex('a'.repeat(501))).toContain('longer')
  })
})
