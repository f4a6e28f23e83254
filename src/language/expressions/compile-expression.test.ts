import jsonata from 'jsonata'
import { describe, expect, it } from 'vitest'
import { StepwiseError } from '../../errors/stepwise-error.js'
import { compileExpression } from './compile-expression.js'
import { contextDocument } from './jsonata-program.js'
import { parsePathExpression, pathToJsonata, rewriteStepReferences } from './path-expression.js'
import { toPlainValue } from './plain-value.js'
import { TEST_OPTIONS, testContext } from './test-context.js'

const context = testContext({
  variables: { repo: 'acme/app', n: 0, flag: false, nothing: null, tags: ['a', 'b'], nested: { deep: { value: 42 } }, matrix: [[1, 2], [3]], text: 'str' },
  outputs: {
    'fetch-data': { count: 4, items: [{ name: 'x', v: [1] }, { name: 'y', v: [2, 3] }] },
    plan: { items: [10, 20, 30], empty: [], single: [5], byKey: { '0': 'zero' } },
    '2nd': 'second',
  },
  steps: { 'fetch-data': { status: 'completed', output: { count: 4 } } },
  loop: { item: { title: 'T' }, index: 3 },
})

async function viaJsonata(path: string): Promise<unknown> {
  const parsed = parsePathExpression(path)
  if (parsed === undefined) throw new Error(`not a path: ${path}`)
  return toPlainValue(await jsonata(pathToJsonata(parsed)).evaluate(contextDocument(context)))
}

async function evaluate(source: string, ctx = context, options = TEST_OPTIONS): Promise<unknown> {
  return compileExpression(source).evaluate(ctx, options)
}

describe('compileExpression: fast path', () => {
  const paths = [
    'variables',
    'variables.repo',
    'variables.n',
    'variables.flag',
    'variables.nothing',
    'variables.nothing.x',
    'variables.missing',
    'variables.missing.deeper',
    'variables.tags',
    'variables.tags.1',
    'variables.tags.9',
    'variables.nested.deep.value',
    'variables.matrix.0',
    'variables.matrix.0.1',
    'variables.text.length',
    'outputs.fetch-data.count',
    'outputs.fetch-data.items.1',
    'outputs.fetch-data.items.1.v',
    'outputs.fetch-data.items.1.v.1',
    'outputs.plan.items',
    'outputs.plan.empty',
    'outputs.plan.single',
    'outputs.2nd',
    'steps.fetch-data.status',
    'steps.fetch-data.output.count',
    'loop.item.title',
    'loop.index',
    'execution.workflowId',
    'error',
    'error.message',
  ]

  it.each(paths)('%s is a path and equals JSONata', async (path) => {
    const compiled = compileExpression(path)
    expect(compiled.isPath).toBe(true)
    const fast = compiled.evaluate(context, TEST_OPTIONS)
    expect(fast).not.toBeInstanceOf(Promise)
    expect(fast).toEqual(await viaJsonata(path))
  })

  it.each(['outputs.fetch-data.items.name', 'outputs.fetch-data.items.v', 'variables.text.0', 'outputs.plan.byKey.0'])(
    '%s falls back to JSONata semantics',
    async (path) => {
      const result = compileExpression(path).evaluate(context, TEST_OPTIONS)
      expect(result).toBeInstanceOf(Promise)
      expect(await result).toEqual(await viaJsonata(path))
    },
  )

  it('maps over arrays like JSONata when a name follows an array', async () => {
    expect(await evaluate('outputs.fetch-data.items.name')).toEqual(['x', 'y'])
    expect(await evaluate('outputs.fetch-data.items.v')).toEqual([1, 2, 3])
  })

  it('reads valet-style paths, array indexes and hyphenated step ids', async () => {
    expect(await evaluate('{{variables.repo}}')).toBe('acme/app')
    expect(await evaluate('{{ outputs.plan.items }}')).toEqual([10, 20, 30])
    expect(await evaluate('outputs.plan.items.0')).toBe(10)
    expect(await evaluate('{{loop.item}}')).toEqual({ title: 'T' })
    expect(await evaluate('{{loop.index}}')).toBe(3)
  })

  it('is undefined for loop outside a loop', async () => {
    expect(await evaluate('loop.item', testContext())).toBeUndefined()
    expect(await evaluate('loop', testContext())).toBeUndefined()
  })

  it('never reads the prototype chain', async () => {
    for (const path of ['variables.__proto__', 'variables.constructor', 'variables.toString', 'outputs.plan.hasOwnProperty', 'variables.tags.length']) {
      expect(await evaluate(path)).toBeUndefined()
    }
    expect(await evaluate('variables.constructor.name')).toBeUndefined()
  })

  it('does not treat minus under other roots as a path', () => {
    expect(parsePathExpression('variables.a-b')).toBeUndefined()
    expect(parsePathExpression('outputs.a-b.c-d')).toBeUndefined()
    expect(parsePathExpression('outputs.a-b.c')).toEqual({ root: 'outputs', segments: ['a-b', 'c'] })
    expect(parsePathExpression('other.x')).toBeUndefined()
    expect(parsePathExpression('variables.$x')).toBeUndefined()
  })

  it('memoises compiled expressions by source', () => {
    expect(compileExpression('variables.memo')).toBe(compileExpression('variables.memo'))
    expect(compileExpression('$count(variables.tags)')).toBe(compileExpression('$count(variables.tags)'))
  })
})

describe('compileExpression: JSONata', () => {
  it('evaluates JSONata with hyphenated outputs names rewritten', async () => {
    expect(rewriteStepReferences('outputs.fetch-data.count > 3 and "outputs.a-b" = steps.x-y.status')).toBe('outputs.`fetch-data`.count > 3 and "outputs.a-b" = steps.`x-y`.status')
    expect(await evaluate('outputs.fetch-data.count > 3')).toBe(true)
    expect(await evaluate('{{ outputs.fetch-data.count * 2 }}')).toBe(8)
    expect(await evaluate('outputs.fetch-data.count - 1')).toBe(3)
  })

  it('returns plain arrays and objects', async () => {
    const list = await evaluate('outputs.fetch-data.items.name')
    expect(Array.isArray(list)).toBe(true)
    expect(Object.hasOwn(list as object, 'sequence')).toBe(false)
    const object = (await evaluate('{"a": 1, "b": [1, 2]}')) as object
    expect(Object.getPrototypeOf(object)).toBe(Object.prototype)
    expect(object).toStrictEqual({ a: 1, b: [1, 2] })
    expect(await evaluate('function($x) { $x }')).toBeUndefined()
    expect(await evaluate('{"f": function($x) { $x }, "k": 1}')).toStrictEqual({ k: 1 })
  })

  it('fixes $now() and $millis() to options.now', async () => {
    expect(await evaluate('$now()')).toBe('2026-01-02T03:04:05.000Z')
    expect(await evaluate('$millis()')).toBe(TEST_OPTIONS.now)
    expect(await evaluate('$now("[Y0001]-[M01]-[D01]")')).toBe('2026-01-02')
    expect(await evaluate('$now()', context, { ...TEST_OPTIONS, now: 0 })).toBe('1970-01-01T00:00:00.000Z')
  })

  it('keeps the pure built-ins working', async () => {
    expect(await evaluate('$pad("ab", -5, "#")')).toBe('###ab')
    expect(await evaluate('$pad("ab", 4)')).toBe('ab  ')
    expect(await evaluate('$toMillis("2020-01-01T00:00:00.000Z")')).toBe(1577836800000)
    expect(await evaluate('$formatNumber(1234.5, "#,##0.00")')).toBe('1,234.50')
    expect(await evaluate('$match("abc", /b/).match')).toBe('b')
    expect(await evaluate('$join(variables.tags, "-")')).toBe('a-b')
  })

  it('rejects invalid syntax at compile time with the position', () => {
    try {
      compileExpression('variables.a +')
      expect.unreachable()
    } catch (error) {
      expect(StepwiseError.isInstance(error) && error.code).toBe('EXPRESSION_FAILED')
      expect((error as StepwiseError).details?.position).toBe(13)
    }
  })

  it('maps runtime errors to EXPRESSION_FAILED', async () => {
    await expect(evaluate('$number("abc") + {"a": 1}')).rejects.toMatchObject({ code: 'EXPRESSION_FAILED', details: { expression: '$number("abc") + {"a": 1}' } })
  })
})

describe('compileExpression: guardrails', () => {
  const limit = (promise: unknown) => expect(promise).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' })

  it('stops infinite recursion within the time budget', async () => {
    const started = Date.now()
    await limit(evaluate('($f := function($x){ $f($x+1) }; $f(0))'))
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('stops deep non-tail recursion by depth', async () => {
    await expect(evaluate('($f := function($x){ 1 + $f($x+1) }; $f(0))')).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 'maxDepth' } })
  })

  it('bounds sequences and ranges', async () => {
    await limit(evaluate('[1..100000000]'))
    await expect(evaluate('$count([1..200000])')).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 'maxSequence' } })
    expect(await evaluate('$count([1..1000])')).toBe(1000)
  })

  it('bounds $pad at compile time and at run time', async () => {
    expect(() => compileExpression('$pad("", 100000000, "x")')).toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED' }))
    const started = Date.now()
    await expect(evaluate('($w := 100000000; $pad("", $w, "x"))')).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 'maxPadWidth' } })
    expect(Date.now() - started).toBeLessThan(500)
  })

  it('bounds string growth', async () => {
    await expect(evaluate('($f := function($s, $n){ $n = 0 ? $s : $f($s & $s, $n - 1) }; $length($f("xxxxxxxxxx", 26)))')).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { limit: 'maxStringLength' },
    })
  })

  it('refuses the $toMillis picture ReDoS and oversized inputs', async () => {
    await expect(evaluate('$toMillis("1", "[f1][f1][f1]")')).rejects.toMatchObject({ code: 'EXPRESSION_FAILED' })
    await expect(evaluate('$toMillis($pad("1", 5000, "1"))')).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' })
  })

  it('removes $eval at compile time and at run time', async () => {
    expect(() => compileExpression('$eval("1")')).toThrow(expect.objectContaining({ code: 'EXPRESSION_FAILED' }))
    const { createJsonataProgram } = await import('./jsonata-program.js')
    const program = createJsonataProgram('$eval("1 + 1")', '$eval("1 + 1")')
    await expect(program.evaluate(context, TEST_OPTIONS)).rejects.toMatchObject({ code: 'EXPRESSION_FAILED', message: expect.stringContaining('$eval') })
  })

  it('refuses catastrophic regexes at run time too', async () => {
    const { createJsonataProgram } = await import('./jsonata-program.js')
    const program = createJsonataProgram('$match("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", /(a+)+$/)', 'redos')
    const started = Date.now()
    await expect(program.evaluate(context, TEST_OPTIONS)).rejects.toMatchObject({ code: 'EXPRESSION_FAILED' })
    expect(Date.now() - started).toBeLessThan(500)
  })

  it('keeps the process healthy: evaluations after a failure still work', async () => {
    await limit(evaluate('($f := function($x){ $f($x+1) }; $f(0))'))
    expect(await evaluate('1 + 1')).toBe(2)
  })

  it('does not pollute Object.prototype', async () => {
    await evaluate('$merge([{"__proto__": {"polluted": true}}, {}])').catch(() => undefined)
    await evaluate('variables ~> |$|{"__proto__": {"polluted": true}}|').catch(() => undefined)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('returns plain data when a transform assigns a `__proto__` key (JSONata makes it the prototype)', async () => {
    const result = (await evaluate('{"a": 1} ~> |$|{"__proto__": {"polluted": true}}|')) as Record<string, unknown>
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype)
    expect(result.polluted).toBeUndefined()
    expect(Object.hasOwn(result, '__proto__') && result.a).toBe(1)
    expect(JSON.parse(JSON.stringify(result))).toEqual(JSON.parse('{"__proto__": {"polluted": true}, "a": 1}'))
  })
})
