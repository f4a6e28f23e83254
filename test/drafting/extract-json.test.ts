import { describe, expect, it } from 'vitest'
import { extractJson } from '../../src/drafting/extract-json.js'

describe('extractJson', () => {
  it('reads a bare reply, a ```json block before other blocks, and an object inside prose', () => {
    expect(extractJson(' {"a":1} ')).toEqual({ ok: true, value: { a: 1 } })
    expect(extractJson('```ts\n{ a: 1 }\n```\nand\n```json\n{"b":2}\n```')).toEqual({ ok: true, value: { b: 2 } })
    expect(extractJson('```\n{"c":3}\n```')).toEqual({ ok: true, value: { c: 3 } })
    expect(extractJson('Here: {"d":"}"} — done.')).toEqual({ ok: true, value: { d: '}' } })
  })

  it('says why there is no JSON', () => {
    expect(extractJson('')).toMatchObject({ ok: false, reason: 'none' })
    expect(extractJson('I need more details.')).toMatchObject({ ok: false, reason: 'none' })
    expect(extractJson('```json\n{"a":1,}\n```')).toMatchObject({ ok: false, reason: 'invalid' })
    expect(extractJson('{"steps": [{"type": "notify"')).toMatchObject({ ok: false, reason: 'invalid', message: expect.stringContaining('cut off') })
  })
})
