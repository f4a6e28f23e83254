import { describe, expect, it } from 'vitest'
import { testValidator } from './test-validator.js'

function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296
    return state / 4294967296
  }
}

const atoms: unknown[] = [null, undefined, 0, -1, 1.5, NaN, Infinity, '', 'x', '{{', '{{ a && }}', '$eval("1")', true, false, [], {}, 'agent_prompt', 'loop', 'parallel', 'conditional', () => 1, Symbol('s'), 10n, new Date(0), new Map()]
const keys = ['id', 'type', 'steps', 'then', 'else', 'branches', 'over', 'prompt', 'content', 'condition', 'values', 'arguments', 'variables', 'limits', 'retry', '__proto__', 'constructor', 'timeoutMs', 'tool', 'command', 'if']

function junk(next: () => number, depth: number): unknown {
  const roll = next()
  if (depth > 6 || roll < 0.4) return atoms[Math.floor(next() * atoms.length)]
  if (roll < 0.7) return Array.from({ length: Math.floor(next() * 4) }, () => junk(next, depth + 1))
  const out: Record<string, unknown> = {}
  for (let i = Math.floor(next() * 5); i > 0; i -= 1) Object.defineProperty(out, keys[Math.floor(next() * keys.length)], { value: junk(next, depth + 1), enumerable: true, writable: true, configurable: true })
  if (next() < 0.5) out.type = ['agent_prompt', 'tool', 'loop', 'parallel', 'conditional', 'set', 'end', 'nope'][Math.floor(next() * 8)]
  return out
}

function expectResult(doc: unknown): void {
  const result = testValidator.validate(doc)
  expect(typeof result.ok).toBe('boolean')
  if (!result.ok) {
    expect(result.issues.length).toBeGreaterThan(0)
    for (const issue of result.issues) {
      expect(typeof issue.path).toBe('string')
      expect(issue.path === '' || issue.path.startsWith('/')).toBe(true)
      expect(typeof issue.message).toBe('string')
    }
  }
}

describe('validate never throws', () => {
  it.each([null, undefined, 0, 'workflow', [], [[]], true, { steps: null }, { steps: 'x' }, { steps: [null, 1, 'a', []] }, { steps: [{ type: 'loop', steps: 'x' }] }])('handles %j', (doc) => {
    expectResult(doc)
  })

  it('handles random junk', () => {
    const next = random(42)
    for (let i = 0; i < 400; i += 1) {
      expectResult(junk(next, 0))
      expectResult({ steps: [junk(next, 0), junk(next, 0)] })
    }
  })

  it('handles cycles, non-JSON values and very deep nesting', () => {
    const cyclic: Record<string, unknown> = { type: 'tool', tool: 't' }
    cyclic.arguments = { self: cyclic }
    expect(testValidator.validate({ steps: [cyclic] })).toMatchObject({ ok: false, issues: [expect.objectContaining({ code: 'invalid_json' })] })
    expect(testValidator.validate({ steps: [{ type: 'tool', tool: 't', arguments: { f: () => 1, d: new Date(0) } }] })).toMatchObject({ ok: false })
    let deep: unknown = []
    for (let i = 0; i < 100_000; i += 1) deep = [deep]
    expect(testValidator.validate({ steps: deep })).toMatchObject({ ok: false, issues: [expect.objectContaining({ code: 'limit' })] })
    let nested: Record<string, unknown> = { type: 'end' }
    for (let i = 0; i < 5000; i += 1) nested = { type: 'loop', over: [1], steps: [nested] }
    expectResult({ steps: [nested] })
  })

  it('validates 10 000 steps in reasonable time', () => {
    const steps = Array.from({ length: 10_000 }, (_, i) => ({ type: 'set', values: { [`v${i}`]: `variables.x + ${i}` } }))
    const started = Date.now()
    const result = testValidator.validate({ id: 'big', steps })
    expect(result.ok).toBe(true)
    expect(Date.now() - started).toBeLessThan(15_000)
  })
})
