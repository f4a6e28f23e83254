/**
 * @module
 * The JSON Schema of workflow documents, generated from the same zod schemas the validator uses.
 */
import { z } from 'zod'
import type { StepSchemaSpec } from './step-schema-spec.js'
import { workflowSchema } from './workflow-schema.js'

/**
 * Builds the JSON Schema (draft 2020-12) of workflow documents made of `specs`. Steps are one
 * recursive definition, `$defs.Step` (an `anyOf`/`oneOf` over the step types), referenced by
 * every nested block. The result is plain JSON (safe to `JSON.stringify`). Input aliases
 * (`content` for `prompt`, parallel `steps`) are part of it; cross-field rules (exactly one
 * prompt spelling, `durationMs` or `until`) and expression syntax are checked by validation only.
 */
export function createWorkflowJsonSchema(specs: readonly StepSchemaSpec[]): Record<string, unknown> {
  let stepUnion: z.ZodType = z.never()
  const stepReference = z.lazy(() => stepUnion)
  const options = specs.map((spec) => spec.schema(stepReference))
  stepUnion = (options.length === 0 ? z.never() : options.length === 1 ? options[0] : z.union(options as [z.ZodType, z.ZodType, ...z.ZodType[]])).meta({
    id: 'Step',
    description: 'A workflow step, discriminated by `type`.',
  })
  const document = workflowSchema(stepReference).meta({ title: 'stepwise workflow', description: 'A stepwise workflow document.' })
  const schema = z.toJSONSchema(document, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any', cycles: 'ref', reused: 'inline' })
  return collapseAliases(JSON.parse(JSON.stringify(schema)) as Record<string, unknown>)
}

/** Replaces references to `$defs` entries that are only `{ $ref }` aliases (zod's lazy wrapper) by their target. */
function collapseAliases(schema: Record<string, unknown>): Record<string, unknown> {
  const defs = schema.$defs as Record<string, Record<string, unknown>> | undefined
  if (defs === undefined) return schema
  const aliases = new Map<string, string>()
  for (const [name, definition] of Object.entries(defs)) {
    const keys = Object.keys(definition)
    if (keys.length === 1 && typeof definition.$ref === 'string') aliases.set(`#/$defs/${name}`, definition.$ref)
  }
  if (aliases.size === 0) return schema
  for (const alias of aliases.keys()) delete defs[alias.slice('#/$defs/'.length)]
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite)
    if (typeof value !== 'object' || value === null) return value
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, key === '$ref' && typeof item === 'string' ? (aliases.get(item) ?? item) : rewrite(item)]),
    )
  }
  return rewrite(schema) as Record<string, unknown>
}
