/**
 * @module
 * The CLI's scripted demo model: answers every call offline, with a short text reply, or with a
 * value made from the JSON Schema of `outputSchema` steps (so structured steps and the
 * conditions after them work).
 */
import { scriptedModel, type ScriptedCall, type ScriptedModel, type ScriptedReply } from '../adapters/model/scripted-model.js'

type Schema = Record<string, unknown>

function isRecord(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function numberFor(schema: Schema, key: string): number {
  const min = typeof schema.minimum === 'number' ? schema.minimum : undefined
  const max = typeof schema.maximum === 'number' ? schema.maximum : undefined
  if (min !== undefined && max !== undefined) return (min + max) / 2
  if (/score|confidence|probability|ratio/i.test(key) || (max !== undefined && max <= 1)) return 0.8
  return min ?? 1
}

/**
 * A plausible value matching `schema`: the first `enum` entry, the first `anyOf`/`oneOf`
 * option, every property of an object, one item of an array, strings named after their key.
 */
export function sampleFromSchema(schema: unknown, key = 'value', depth = 0): unknown {
  if (!isRecord(schema) || depth > 8) return null
  if ('const' in schema) return schema.const
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0]
  if ('default' in schema) return schema.default
  const options = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined
  if (options !== undefined) {
    const option = options.find((item) => !(isRecord(item) && item.type === 'null')) ?? options[0]
    return sampleFromSchema(option, key, depth + 1)
  }
  const types = Array.isArray(schema.type) ? schema.type.filter((type) => type !== 'null') : [schema.type]
  const type = types[0] ?? (isRecord(schema.properties) ? 'object' : 'string')
  switch (type) {
    case 'object': {
      const properties = isRecord(schema.properties) ? schema.properties : {}
      return Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, sampleFromSchema(property, name, depth + 1)]))
    }
    case 'array': {
      const count = Math.max(1, typeof schema.minItems === 'number' ? schema.minItems : 1)
      return Array.from({ length: count }, () => sampleFromSchema(schema.items, key, depth + 1))
    }
    case 'number':
      return numberFor(schema, key)
    case 'integer':
      return Math.round(numberFor(schema, key))
    case 'boolean':
      return true
    case 'null':
      return null
    default:
      if (schema.format === 'date-time') return new Date().toISOString()
      return `${key} from the demo model`
  }
}

function snippet(text: string): string {
  const line = text.split('\n').find((item) => item.trim() !== '')?.trim() ?? ''
  return line.length > 72 ? `${line.slice(0, 71)}…` : line
}

/** The demo reply to one call. */
export function demoReply(call: ScriptedCall): ScriptedReply {
  const format = call.responseFormat
  if (format?.type === 'json' && format.schema !== undefined) return { json: sampleFromSchema(format.schema) }
  const asked = snippet(call.lastUserText)
  return `(demo model) A scripted answer to “${asked}”. Set OPENAI_API_KEY and install @ai-sdk/openai for a real model.`
}

/** The scripted demo model (AI SDK `LanguageModel`): offline, instant, deterministic. */
export function demoModel(): ScriptedModel {
  return scriptedModel(demoReply, { whenDone: 'repeat', modelId: 'demo', provider: 'stepwise-demo' })
}
