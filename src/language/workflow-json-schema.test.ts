import { describe, expect, it } from 'vitest'
import { testValidator } from './test-validator.js'

type Schema = Record<string, unknown>

/** A small JSON Schema checker (the keywords zod emits) to prove the schema accepts real documents. */
function accepts(schema: Schema, value: unknown, root: Schema): boolean {
  if (typeof schema.$ref === 'string') {
    const target = (root.$defs as Record<string, Schema>)[schema.$ref.replace('#/$defs/', '')]
    return accepts(target, value, root)
  }
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((option) => accepts(option as Schema, value, root))) return false
  if (Array.isArray(schema.oneOf) && schema.oneOf.filter((option) => accepts(option as Schema, value, root)).length !== 1) return false
  if (schema.const !== undefined && schema.const !== value) return false
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return false
  const types = schema.type === undefined ? undefined : ([] as unknown[]).concat(schema.type)
  if (types !== undefined) {
    const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : Number.isInteger(value) ? 'integer' : typeof value
    if (!types.includes(actual) && !(actual === 'integer' && types.includes('number'))) return false
  }
  if (typeof value === 'string') {
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(value)) return false
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) return false
  }
  if (typeof value === 'number' && typeof schema.minimum === 'number' && value < schema.minimum) return false
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) return false
    if (schema.items !== undefined && !value.every((item) => accepts(schema.items as Schema, item, root))) return false
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const properties = (schema.properties ?? {}) as Record<string, Schema>
    if (Array.isArray(schema.required) && !schema.required.every((key) => Object.hasOwn(value, key as string))) return false
    for (const [key, item] of Object.entries(value)) {
      if (Object.hasOwn(properties, key)) {
        if (!accepts(properties[key], item, root)) return false
      } else if (schema.additionalProperties === false) return false
      else if (typeof schema.additionalProperties === 'object' && !accepts(schema.additionalProperties as Schema, item, root)) return false
    }
  }
  return true
}

const sample = {
  id: 'sample',
  variables: { items: { type: 'array', required: true } },
  steps: [
    { id: 'ask', type: 'agent_prompt', prompt: 'Plan {{ variables.items }}', outputSchema: { plan: { type: 'string' } }, tools: ['search'] },
    { type: 'loop', over: 'variables.items', steps: [{ type: 'tool', tool: 'search', arguments: { q: '{{ loop.item }}' } }] },
    { type: 'parallel', branches: [[{ type: 'bash', command: 'ls' }], [{ type: 'wait', durationMs: 10 }]] },
    { type: 'conditional', condition: { variable: 'x', equals: 1 }, then: [{ type: 'set', values: { a: '1' } }], else: [{ type: 'approval', prompt: 'ok?' }] },
    { type: 'notify', content: 'done' },
    { type: 'end', status: 'completed', output: { a: '{{ outputs.a }}' } },
  ],
}

describe('jsonSchema', () => {
  const schema = testValidator.jsonSchema

  it('is a plain JSON object', () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema)
    expect(schema.type).toBe('object')
    expect(schema.$schema).toContain('2020-12')
  })

  it('defines steps once, recursively', () => {
    const defs = schema.$defs as Record<string, Schema>
    expect(Object.keys(defs)).toEqual(['Step'])
    const options = (defs.Step.anyOf ?? defs.Step.oneOf) as Schema[]
    expect(options.map((option) => (option.properties as Record<string, Schema>).type.const)).toEqual(testValidator.types)
    expect(((schema.properties as Record<string, Schema>).steps.items as Schema).$ref).toBe('#/$defs/Step')
    const loop = options.find((option) => (option.properties as Record<string, Schema>).type.const === 'loop') as Schema
    expect(((loop.properties as Record<string, Schema>).steps.items as Schema).$ref).toBe('#/$defs/Step')
    const parallel = options.find((option) => (option.properties as Record<string, Schema>).type.const === 'parallel') as Schema
    expect((((parallel.properties as Record<string, Schema>).branches.items as Schema).items as Schema).$ref).toBe('#/$defs/Step')
  })

  it('accepts a valid sample and rejects broken ones', () => {
    expect(testValidator.validate(sample).ok).toBe(true)
    expect(accepts(schema, sample, schema)).toBe(true)
    expect(accepts(schema, { ...sample, extra: 1 }, schema)).toBe(false)
    expect(accepts(schema, { steps: [{ type: 'nope' }] }, schema)).toBe(false)
    expect(accepts(schema, { steps: [{ type: 'loop', over: 'x', steps: [{ type: 'tool' }] }] }, schema)).toBe(false)
    expect(accepts(schema, { steps: [{ id: 'a/b', type: 'end' }] }, schema)).toBe(false)
  })

  it('describes fields for editors and drafting models', () => {
    expect(JSON.stringify(schema)).toContain('JSONata')
  })
})
