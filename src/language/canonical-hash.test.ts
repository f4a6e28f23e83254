import { describe, expect, it } from 'vitest'
import { canonicalHash, canonicalJson } from './canonical-hash.js'

describe('canonicalHash', () => {
  it('is sha256 hex', () => {
    expect(canonicalHash({ a: 1 })).toMatch(/^sha256:[0-9a-f]{64}$/)
  })

  it('does not depend on key order at any depth', () => {
    const a = { id: 'x', steps: [{ type: 'tool', tool: 't', arguments: { b: 2, a: 1 } }], meta: { z: 1, y: [{ q: 1, p: 2 }] } }
    const b = { meta: { y: [{ p: 2, q: 1 }], z: 1 }, steps: [{ arguments: { a: 1, b: 2 }, tool: 't', type: 'tool' }], id: 'x' }
    expect(canonicalHash(a)).toBe(canonicalHash(b))
    expect(canonicalJson(b)).toBe('{"id":"x","meta":{"y":[{"p":2,"q":1}],"z":1},"steps":[{"arguments":{"a":1,"b":2},"tool":"t","type":"tool"}]}')
  })

  it('changes with content, array order and types', () => {
    const base = canonicalHash({ list: [1, 2], v: '1' })
    expect(canonicalHash({ list: [2, 1], v: '1' })).not.toBe(base)
    expect(canonicalHash({ list: [1, 2], v: 1 })).not.toBe(base)
    expect(canonicalHash({ list: [1, 2], v: '1', w: null })).not.toBe(base)
  })

  it('drops undefined properties like JSON', () => {
    expect(canonicalHash({ a: 1, b: undefined })).toBe(canonicalHash({ a: 1 }))
    expect(canonicalJson([undefined, 1])).toBe('[null,1]')
  })

  it('throws on cycles instead of hanging', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(() => canonicalHash(cyclic)).toThrow(expect.objectContaining({ code: 'INTERNAL' }))
  })
})
