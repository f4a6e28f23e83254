import { describe, expect, it } from 'vitest'
import { compileCondition } from './compile-condition.js'
import { jsonataBoolean } from './plain-value.js'
import { TEST_OPTIONS, testContext } from './test-context.js'

const context = testContext({ variables: { dryRun: false, mode: 'fast', zero: 0, empty: '', list: [] }, outputs: { score: 0.9, mode: 'slow', approved: true } })

async function check(condition: unknown): Promise<unknown> {
  return compileCondition(condition).evaluate(context, TEST_OPTIONS)
}

describe('compileCondition', () => {
  it('evaluates JSONata conditions to booleans', async () => {
    expect(await check('outputs.score > 0.8 and variables.dryRun = false')).toBe(true)
    expect(await check('outputs.score > 0.95 or variables.mode = "slow"')).toBe(false)
    expect(await check('{{ outputs.score > 0.5 }}')).toBe(true)
    expect(await check('$not(variables.dryRun)')).toBe(true)
  })

  it('casts non-boolean results with JSONata $boolean rules', async () => {
    expect(await check('variables.mode')).toBe(true)
    expect(await check('variables.empty')).toBe(false)
    expect(await check('variables.zero')).toBe(false)
    expect(await check('variables.list')).toBe(false)
    expect(await check('variables.absent')).toBe(false)
    expect(await check('outputs')).toBe(true)
    expect(jsonataBoolean([0, 'x'])).toBe(true)
    expect(jsonataBoolean([0, ''])).toBe(false)
    expect(jsonataBoolean({})).toBe(false)
  })

  it('accepts boolean literals', async () => {
    expect(await check(true)).toBe(true)
    expect(await check(false)).toBe(false)
  })

  it('supports the legacy {variable, equals} form', async () => {
    expect(await check({ variable: 'mode', equals: 'fast' })).toBe(true)
    expect(await check({ variable: 'mode', equals: 'slow' })).toBe(false)
    expect(await check({ variable: 'approved' })).toBe(true)
    expect(await check({ variable: 'dryRun' })).toBe(false)
    expect(await check({ variable: 'zero', equals: '0' })).toBe(false)
    expect(await check({ variable: 'absent', equals: undefined })).toBe(true)
    expect(await check({ variable: 'constructor' })).toBe(false)
  })

  it('rejects other values', () => {
    for (const value of [null, 1, [], {}, { equals: 1 }]) expect(() => compileCondition(value)).toThrow(expect.objectContaining({ code: 'EXPRESSION_FAILED' }))
  })

  it('rejects JavaScript operators at compile time', () => {
    expect(() => compileCondition('a && b')).toThrow(expect.objectContaining({ code: 'EXPRESSION_FAILED', details: expect.objectContaining({ hint: expect.stringContaining('and') }) }))
  })
})
