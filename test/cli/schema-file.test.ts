import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { workflowSchemaText } from '../../src/cli/schema-text.js'
import { validateWorkflow, workflowJsonSchema } from '../../src/index.js'
import { root } from './cli-harness.js'

const committed = readFileSync(join(root, 'schema/workflow.schema.json'), 'utf8')
const samples = readdirSync(join(root, 'examples/workflows')).filter((name) => name.endsWith('.json'))

describe('schema/workflow.schema.json', () => {
  it('is exactly what `npm run schema` generates from workflowJsonSchema (run it after changing the language)', () => {
    expect(committed).toBe(workflowSchemaText())
    expect(JSON.parse(committed)).toEqual(workflowJsonSchema)
  })

  it('accepts every sample workflow, $schema key included, and rejects what validation rejects', () => {
    const schema = z.fromJSONSchema(JSON.parse(committed) as Parameters<typeof z.fromJSONSchema>[0])
    expect(samples.length).toBeGreaterThanOrEqual(3)
    for (const name of samples) {
      const document = JSON.parse(readFileSync(join(root, 'examples/workflows', name), 'utf8')) as Record<string, unknown>
      expect(document.$schema, name).toBe('../../schema/workflow.schema.json')
      expect(schema.safeParse(document).success, name).toBe(true)
      expect(validateWorkflow(document).ok, name).toBe(true)
    }
    expect(schema.safeParse({ id: 'x', steps: [{ type: 'agent', prompt: 'hi' }] }).success).toBe(false)
    expect(schema.safeParse({ id: 'x', steps: [{ type: 'loop', over: 'items', steps: [{ type: 'tool', tool: 'a', bogus: 1 }] }] }).success).toBe(false)
  })
})
