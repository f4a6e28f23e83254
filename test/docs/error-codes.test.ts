import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')

describe('docs/errors.md', () => {
  it('lists every StepwiseErrorCode', () => {
    const source = readFileSync(resolve(root, 'src/errors/stepwise-error.ts'), 'utf8')
    const union = source.slice(source.indexOf('export type StepwiseErrorCode'), source.indexOf('/** JSON form'))
    const codes = [...union.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1])
    expect(codes.length).toBeGreaterThan(20)
    const doc = readFileSync(resolve(root, 'docs/errors.md'), 'utf8')
    const documented = new Set([...doc.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]))
    expect(codes.filter((code) => !documented.has(code))).toEqual([])
  })
})
