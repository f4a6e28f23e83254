import { describe, expect, it } from 'vitest'
import { compileTemplate, stringifyTemplateValue } from './compile-template.js'
import { compileValueTemplate } from './compile-value-template.js'
import { parseTemplate } from './template-segments.js'
import { TEST_OPTIONS, testContext } from './test-context.js'

const context = testContext({
  variables: { name: 'Ada', count: 3, yes: true, nothing: null, list: [1, 2], obj: { a: 1 } },
  outputs: { plan: { items: ['x', 'y'] }, 'fetch-data': { count: 2 } },
})

async function render(text: string) {
  return compileTemplate(text).render(context, TEST_OPTIONS)
}

describe('compileTemplate', () => {
  it('returns static text synchronously', () => {
    const template = compileTemplate('no templates here')
    expect(template.isStatic).toBe(true)
    expect(template.isSingle).toBe(false)
    expect(template.render(context, TEST_OPTIONS)).toEqual({ value: 'no templates here', missing: [] })
  })

  it('gives the typed value of a single expression', async () => {
    const template = compileTemplate('  {{ outputs.plan }} ')
    expect(template.isSingle).toBe(true)
    expect(await template.render(context, TEST_OPTIONS)).toEqual({ value: { items: ['x', 'y'] }, missing: [] })
    expect((await render('{{variables.count}}')).value).toBe(3)
    expect((await render('{{ $count(variables.list) + 1 }}')).value).toBe(3)
    expect((await render('{{variables.absent}}')).value).toBeUndefined()
  })

  it('renders text: strings verbatim, numbers/booleans via String, null, objects as JSON', async () => {
    expect(await render('Hi {{variables.name}}: {{variables.count}} {{variables.yes}} {{variables.nothing}} {{variables.obj}} {{variables.list}}')).toEqual({
      value: 'Hi Ada: 3 true null {"a":1} [1,2]',
      missing: [],
    })
  })

  it('renders missing values as empty text and reports them', async () => {
    expect(await render('a{{variables.nope}}b{{ outputs.none.deeper }}c')).toEqual({ value: 'abc', missing: ['variables.nope', 'outputs.none.deeper'] })
  })

  it('renders synchronously when every expression is a path', async () => {
    expect(compileTemplate('x {{variables.name}} {{outputs.fetch-data.count}}').render(context, TEST_OPTIONS)).toEqual({ value: 'x Ada 2', missing: [] })
    const asyncResult = compileTemplate('x {{ $uppercase(variables.name) }}').render(context, TEST_OPTIONS)
    expect(asyncResult).toBeInstanceOf(Promise)
    expect(await asyncResult).toEqual({ value: 'x ADA', missing: [] })
  })

  it('finds the closing braces with a JSONata lexer', async () => {
    expect((await render('{{ {"a": {"b": 1}} }}')).value).toEqual({ a: { b: 1 } })
    expect((await render('v={{ "}}" & variables.name }}!')).value).toBe('v=}}Ada!')
    expect((await render('literal {{ "{{" }} braces')).value).toBe('literal {{ braces')
  })

  it('throws EXPRESSION_FAILED for an unclosed or invalid template', () => {
    expect(() => compileTemplate('Hello {{variables.name')).toThrow(expect.objectContaining({ code: 'EXPRESSION_FAILED', details: expect.objectContaining({ position: 6 }) }))
    expect(() => compileTemplate('Hello {{ variables.name + }}')).toThrow(expect.objectContaining({ code: 'EXPRESSION_FAILED' }))
    expect(() => compileTemplate('{{ }}')).toThrow(expect.objectContaining({ code: 'EXPRESSION_FAILED' }))
  })

  it('stringifies values like valet did', () => {
    expect([undefined, null, 1.5, false, 'x', [1], { a: 'b' }].map(stringifyTemplateValue)).toEqual(['', 'null', '1.5', 'false', 'x', '[1]', '{"a":"b"}'])
  })

  it('parses segments with offsets', () => {
    expect(parseTemplate('a {{ x }} b')).toEqual({ ok: true, segments: [{ kind: 'text', text: 'a ' }, { kind: 'expression', source: 'x', offset: 5 }, { kind: 'text', text: ' b' }] })
  })
})

describe('compileValueTemplate', () => {
  it('returns static values as the same reference, synchronously', () => {
    const value = { repo: { name: 'fixed' }, list: [1, 2, { deep: true }] }
    const compiled = compileValueTemplate(value)
    expect(compiled.isStatic).toBe(true)
    const result = compiled.render(context, TEST_OPTIONS) as { value: unknown }
    expect(result.value).toBe(value)
    expect(compileValueTemplate(42).render(context, TEST_OPTIONS)).toEqual({ value: 42, missing: [], undefinedWhole: [] })
  })

  it('renders templates at any depth, keeping whole-value types', async () => {
    const value = { repo: { name: '{{variables.name}}', items: '{{ outputs.plan.items }}' }, list: ['n={{variables.count}}', 7, { count: '{{ variables.count + 1 }}' }], keep: 'plain' }
    const result = await compileValueTemplate(value).render(context, TEST_OPTIONS)
    expect(result).toEqual({ value: { repo: { name: 'Ada', items: ['x', 'y'] }, list: ['n=3', 7, { count: 4 }], keep: 'plain' }, missing: [], undefinedWhole: [] })
    expect(value.repo.name).toBe('{{variables.name}}')
  })

  it('lists undefined whole values and missing text parts with their pointers', async () => {
    const result = await compileValueTemplate({ repo: { name: '{{ variables.none }}' }, 'a/b': ['x {{variables.gone}} y'] }).render(context, TEST_OPTIONS)
    expect(result.undefinedWhole).toEqual([{ pointer: '/repo/name', expression: 'variables.none' }])
    expect(result.missing).toEqual([{ pointer: '/a~1b/0', expression: 'variables.gone' }])
    expect(result.value).toEqual({ repo: { name: undefined }, 'a/b': ['x  y'] })
  })

  it('treats a top-level template string as a whole value', async () => {
    expect(await compileValueTemplate('{{ variables.missing }}').render(context, TEST_OPTIONS)).toEqual({ value: undefined, missing: [], undefinedWhole: [{ pointer: '', expression: 'variables.missing' }] })
  })

  it('keeps __proto__ keys as data', async () => {
    const value = JSON.parse('{"__proto__": {"x": "{{variables.name}}"}}') as unknown
    const result = await compileValueTemplate(value).render(context, TEST_OPTIONS)
    expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype)
    expect(Object.hasOwn(result.value as object, '__proto__')).toBe(true)
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })

  it('memoises by identity', () => {
    const value = { a: '{{variables.name}}' }
    expect(compileValueTemplate(value)).toBe(compileValueTemplate(value))
  })
})
