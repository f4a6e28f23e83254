/**
 * @module
 * `agent_prompt.outputSchema`: the instructions added to the prompt, tolerant parsing of the
 * reply (fenced, bare, or embedded JSON), validation with zod, and the repair message.
 */
import { z } from 'zod'
import { StepwiseError } from '../../errors/stepwise-error.js'
import { checkOutputSchema, outputSchemaToJsonSchema } from '../../language/output-schema.js'

/** Attempts in total (the first reply plus repairs) before the step fails with `OUTPUT_INVALID`. */
export const MAX_OUTPUT_ATTEMPTS = 3

/** What a step's outputSchema compiles to. */
export interface OutputContract {
  /** JSON Schema of the reply (the flat form converted: every key required, `null` allowed, extra keys allowed). */
  jsonSchema: Record<string, unknown>
  /** Text appended to the prompt. */
  instructions: string
  /** Parses and validates a reply. */
  check(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; error: string }
}

const contracts = new WeakMap<object, OutputContract>()

/** Compiles an outputSchema (cached per schema object). An invalid schema fails with `OUTPUT_INVALID`. */
export function outputContract(schema: Record<string, unknown>): OutputContract {
  let contract = contracts.get(schema)
  if (contract !== undefined) return contract
  const issues = checkOutputSchema(schema, '/outputSchema')
  if (issues.length > 0) {
    throw new StepwiseError('OUTPUT_INVALID', `outputSchema is invalid: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`, { retryable: false, details: { issues } })
  }
  const jsonSchema = outputSchemaToJsonSchema(schema)
  let validator: z.ZodType
  try {
    validator = z.fromJSONSchema(jsonSchema as Parameters<typeof z.fromJSONSchema>[0])
  } catch (error) {
    throw new StepwiseError('OUTPUT_INVALID', `outputSchema is invalid: ${error instanceof Error ? error.message : String(error)}`, { retryable: false, cause: error })
  }
  const required = Array.isArray(jsonSchema.required) ? (jsonSchema.required as string[]) : []
  const properties = (jsonSchema.properties ?? {}) as Record<string, { type?: string | string[] }>
  const validate = (value: Record<string, unknown>): string | undefined => {
    const missing = required.filter((key) => !Object.hasOwn(value, key))
    if (missing.length > 0) return `missing key${missing.length === 1 ? '' : 's'} ${missing.map((key) => `"${key}"`).join(', ')}`
    const mistyped = Object.entries(properties).flatMap(([key, property]) => {
      if (!Object.hasOwn(value, key) || property.type === undefined) return []
      const allowed = Array.isArray(property.type) ? property.type : [property.type]
      const actual = jsonType(value[key])
      return allowed.includes(actual) || (actual === 'integer' && allowed.includes('number')) ? [] : [`"${key}" must be ${allowed.join(' or ')}, not ${actual}`]
    })
    if (mistyped.length > 0) return mistyped.join('; ')
    const result = validator.safeParse(value)
    return result.success ? undefined : z.prettifyError(result.error).replace(/\s*\n\s*/g, ' ')
  }
  contract = {
    jsonSchema,
    instructions: [
      'Reply with only a JSON object, no other text, matching this JSON Schema:',
      JSON.stringify(jsonSchema),
      required.length > 0 ? `Include every required key (${required.join(', ')}); use null when a value is unknown.` : '',
    ]
      .filter((line) => line !== '')
      .join('\n'),
    check(text) {
      let first: { ok: false; error: string } | undefined
      for (const value of jsonCandidates(text)) {
        const error = validate(value)
        if (error === undefined) return { ok: true, value }
        first ??= { ok: false, error }
      }
      return first ?? { ok: false, error: notAnObject(text) }
    },
  }
  contracts.set(schema, contract)
  return contract
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/** End index (exclusive) of the balanced `{…}` starting at `start`, aware of strings and escapes. */
function balancedEnd(text: string, start: number): number | undefined {
  let depth = 0
  let inString = false
  for (let i = start; i < text.length; i++) {
    const char = text[i]
    if (inString) {
      if (char === '\\') i += 1
      else if (char === '"') inString = false
    } else if (char === '"') inString = true
    else if (char === '{') depth += 1
    else if (char === '}' && --depth === 0) return i + 1
  }
  return undefined
}

function jsonType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

/**
 * The JSON objects a reply may hold, most likely first: fenced blocks (```json or unlabelled),
 * the whole text when it is an object, then each balanced `{…}` in the prose that parses.
 */
export function* jsonCandidates(text: string): Generator<Record<string, unknown>> {
  const trimmed = text.trim()
  for (const match of trimmed.matchAll(/```[ \t]*(?:json|JSON)?[ \t]*\r?\n?([\s\S]*?)```/g)) {
    const value = parseObject(match[1].trim())
    if (value !== undefined) yield value
  }
  if (trimmed.startsWith('{')) {
    const value = parseObject(trimmed)
    if (value !== undefined) yield value
  }
  for (let start = trimmed.indexOf('{'); start >= 0; start = trimmed.indexOf('{', start + 1)) {
    const end = balancedEnd(trimmed, start)
    if (end === undefined) break
    const value = parseObject(trimmed.slice(start, end))
    if (value !== undefined) yield value
  }
}

function notAnObject(text: string): string {
  const trimmed = text.trim()
  if (trimmed === '') return 'the reply is empty'
  try {
    const top: unknown = JSON.parse(trimmed)
    return `the reply is JSON but not an object (${jsonType(top)})`
  } catch {
    return 'no JSON object found in the reply'
  }
}

/** The message that asks the model, in the same conversation, to fix its reply. */
export function repairPrompt(error: string): string {
  return `Your reply could not be used: ${error}. Reply again with only the corrected JSON object, no other text.`
}
