/**
 * @module
 * `agent_prompt.outputSchema`: either a JSON Schema object (`type: "object"` with `properties`)
 * or the flat form `{ field: { type, description? } }`.
 */
import { IDENTIFIER_PATTERN } from './ids.js'
import type { ValidationIssue } from './workflow-types.js'
import { escapePointerToken } from './expressions/compile-value-template.js'

/** Field types of the flat outputSchema form. */
export const FLAT_FIELD_TYPES = ['string', 'number', 'boolean', 'array', 'object'] as const

/** A field of the flat outputSchema form. */
export interface FlatOutputField {
  /** The JSON type of the field. */
  type: (typeof FLAT_FIELD_TYPES)[number]
  /** What the field holds (shown to the model). */
  description?: string
}

const JSON_SCHEMA_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object', 'null'])

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** True when `schema` uses the JSON Schema form (its `type` is a string). */
export function isJsonSchemaForm(schema: Record<string, unknown>): boolean {
  return typeof schema.type === 'string'
}

function checkJsonSchema(schema: Record<string, unknown>, base: string): ValidationIssue[] {
  const issues: ValidationIssue[] = []
  if (schema.type !== 'object') {
    issues.push({ path: `${base}/type`, code: 'invalid_field', message: 'A JSON Schema outputSchema must have `type: "object"`.', hint: 'Describe the reply as an object with `properties`.' })
  }
  if (!isRecord(schema.properties)) {
    issues.push({ path: `${base}/properties`, code: isRecord(schema) && schema.properties === undefined ? 'missing_field' : 'invalid_field', message: 'A JSON Schema outputSchema needs a `properties` object.' })
  } else {
    for (const [name, property] of Object.entries(schema.properties)) {
      const path = `${base}/properties/${escapePointerToken(name)}`
      if (!isRecord(property)) issues.push({ path, code: 'invalid_field', message: `Property \`${name}\` must be a JSON Schema object.` })
      else if (property.type !== undefined && !(typeof property.type === 'string' ? JSON_SCHEMA_TYPES.has(property.type) : Array.isArray(property.type) && property.type.every((t) => JSON_SCHEMA_TYPES.has(t as string)))) {
        issues.push({ path: `${path}/type`, code: 'invalid_field', message: `Property \`${name}\` has an invalid JSON Schema type.`, hint: `Use one of ${[...JSON_SCHEMA_TYPES].join(', ')}.` })
      }
    }
  }
  if (schema.required !== undefined && !(Array.isArray(schema.required) && schema.required.every((item) => typeof item === 'string'))) {
    issues.push({ path: `${base}/required`, code: 'invalid_field', message: '`required` must be an array of property names.' })
  }
  return issues
}

function checkFlat(schema: Record<string, unknown>, base: string): ValidationIssue[] {
  const issues: ValidationIssue[] = []
  const names = Object.keys(schema)
  if (names.length === 0) issues.push({ path: base, code: 'invalid_field', message: 'outputSchema declares no fields.', hint: 'Example: `{ "summary": { "type": "string" } }`.' })
  for (const name of names) {
    const path = `${base}/${escapePointerToken(name)}`
    const field = schema[name]
    if (!IDENTIFIER_PATTERN.test(name)) issues.push({ path, code: 'invalid_field', message: `Field name \`${name}\` must be an identifier (a letter or \`_\`, then letters, digits or \`_\`).` })
    if (!isRecord(field)) {
      issues.push({ path, code: 'invalid_field', message: `Field \`${name}\` must be an object \`{ "type": …, "description"?: … }\`.` })
      continue
    }
    if (!FLAT_FIELD_TYPES.includes(field.type as FlatOutputField['type'])) {
      issues.push({ path: `${path}/type`, code: field.type === undefined ? 'missing_field' : 'invalid_field', message: `Field \`${name}\` needs a \`type\`: one of ${FLAT_FIELD_TYPES.join(', ')}.` })
    }
    if (field.description !== undefined && typeof field.description !== 'string') {
      issues.push({ path: `${path}/description`, code: 'invalid_field', message: '`description` must be a string.' })
    }
    for (const key of Object.keys(field)) {
      if (key !== 'type' && key !== 'description') {
        issues.push({ path: `${path}/${escapePointerToken(key)}`, code: 'unknown_field', message: `Unknown key \`${key}\` in field \`${name}\`: a flat outputSchema field has only \`type\` and \`description\`.`, hint: 'For nested shapes use the JSON Schema form (`{ "type": "object", "properties": { … } }`).' })
      }
    }
  }
  return issues
}

/** Checks an outputSchema value; issue paths are `base` + the pointer inside the schema. */
export function checkOutputSchema(schema: unknown, base: string): ValidationIssue[] {
  if (!isRecord(schema)) return [{ path: base, code: 'invalid_field', message: 'outputSchema must be an object.' }]
  return isJsonSchemaForm(schema) ? checkJsonSchema(schema, base) : checkFlat(schema, base)
}

/**
 * The JSON Schema of an outputSchema: the JSON Schema form as is, the flat form converted to
 * `{ type: 'object', properties, required: [every field] }` where each field also accepts `null`.
 */
export function outputSchemaToJsonSchema(schema: Record<string, unknown>): Record<string, unknown> {
  if (isJsonSchemaForm(schema)) return schema
  const properties = Object.fromEntries(
    Object.entries(schema).map(([name, field]) => {
      const { type, description } = (isRecord(field) ? field : {}) as Partial<FlatOutputField>
      return [name, { type: [type ?? 'string', 'null'], ...(description === undefined ? {} : { description }) }]
    }),
  )
  return { type: 'object', properties, required: Object.keys(schema), additionalProperties: true }
}
