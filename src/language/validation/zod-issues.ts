/**
 * @module
 * Turns zod issues into {@link ValidationIssue}s with JSON Pointers, readable messages and hints.
 */
import type { z } from 'zod'
import { closestName } from '../name-suggestions.js'
import type { ValidationIssue } from '../workflow-types.js'
import { escapePointerToken, pointerOf, valueAt } from './json-pointer.js'

/** Hints for field names people (and models) often write instead of the real ones. */
const FIELD_ALIASES: Record<string, string> = {
  timeout: 'Use `timeoutMs` (milliseconds).',
  timeout_ms: 'Use `timeoutMs` (milliseconds).',
  await_timeout_ms: 'Use `timeoutMs` (milliseconds).',
  awaitTimeoutMs: 'Use `timeoutMs` (milliseconds).',
  await_response: 'Not needed: an agent_prompt step always waits for the reply.',
  awaitResponse: 'Not needed: an agent_prompt step always waits for the reply.',
  continueOnError: 'Use `"onError": "continue"`.',
  continue_on_error: 'Use `"onError": "continue"`.',
  output_variable: 'Use `outputVariable`.',
  outputVar: 'Use `outputVariable`.',
  when: 'Use `if` for a run condition.',
  args: 'Use `arguments`.',
  params: 'Use `arguments`.',
  parameters: 'Use `arguments`.',
  input: 'Use `arguments` (tool) or `prompt` (agent_prompt).',
  items: 'Use `over` for the loop array.',
  as: 'Use `itemVar`.',
  instructions: 'Use `system` for system instructions.',
  systemPrompt: 'Use `system` for system instructions.',
  retries: 'Use `retry: { "maxAttempts": … }`.',
  maxRetries: 'Use `retry: { "maxAttempts": … }`.',
}

type ZodIssue = z.core.$ZodIssue

interface ZodDefLike {
  _zod?: { def?: { type?: string; shape?: Record<string, unknown>; innerType?: unknown; valueType?: unknown; element?: unknown; options?: unknown[] } }
}

/** Keys of the object schema found at `path` inside `schema` (best effort; [] when unknown). */
function knownKeysAt(schema: unknown, path: readonly PropertyKey[]): string[] {
  let current = schema as ZodDefLike | undefined
  const unwrap = (): void => {
    for (let guard = 0; guard < 10; guard += 1) {
      const def = current?._zod?.def
      if (def?.innerType !== undefined && (def.type === 'optional' || def.type === 'nullable' || def.type === 'default' || def.type === 'readonly')) current = def.innerType as ZodDefLike
      else if (def?.type === 'union') current = def.options?.find((option) => (option as ZodDefLike)._zod?.def?.type === 'object') as ZodDefLike | undefined
      else return
    }
  }
  unwrap()
  for (const token of path) {
    const def = current?._zod?.def
    if (def?.type === 'object') current = def.shape?.[String(token)] as ZodDefLike | undefined
    else if (def?.type === 'record') current = def.valueType as ZodDefLike
    else if (def?.type === 'array') current = def.element as ZodDefLike
    else return []
    unwrap()
  }
  const def = current?._zod?.def
  return def?.type === 'object' && def.shape !== undefined ? Object.keys(def.shape) : []
}

function unknownFieldIssue(key: string, base: string, path: readonly PropertyKey[], label: string, known: string[]): ValidationIssue {
  const where = path.length === 0 ? label : `\`${path.map(String).join('.')}\``
  const alias = FIELD_ALIASES[key]
  const close = alias === undefined ? closestName(key, known) : undefined
  const hint = alias ?? (close !== undefined ? `Did you mean \`${close}\`?` : known.length > 0 ? `Valid fields: ${known.join(', ')}.` : undefined)
  return {
    path: `${pointerOf(base, path)}/${escapePointerToken(key)}`,
    code: 'unknown_field',
    message: `Unknown field \`${key}\` in ${where}.`,
    ...(hint === undefined ? {} : { hint }),
  }
}

function unionBranch(issue: ZodIssue): ZodIssue[] | undefined {
  if (issue.code !== 'invalid_union') return undefined
  const branches = (issue as { errors?: ZodIssue[][] }).errors ?? []
  const matching = branches.filter((branch) => branch.length > 0 && !branch.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0))
  return matching.length === 1 ? matching[0] : undefined
}

/**
 * Maps the zod issues of `raw` (validated by `schema`) to validation issues under `base`.
 * `label` names the object in messages (e.g. "a `tool` step").
 */
export function mapZodIssues(issues: readonly ZodIssue[], options: { base: string; raw: unknown; schema: unknown; label: string; prefix?: readonly PropertyKey[] }): ValidationIssue[] {
  const out: ValidationIssue[] = []
  const prefix = options.prefix ?? []
  for (const issue of issues) {
    const path = [...prefix, ...issue.path]
    const field = path.length > 0 ? String(path[path.length - 1]) : ''
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(options.schema, path)
      for (const key of issue.keys) out.push(unknownFieldIssue(key, options.base, path, options.label, known))
      continue
    }
    const pointer = pointerOf(options.base, path)
    const absent = path.length > 0 && valueAt(options.raw, path) === undefined
    if (absent && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) {
      out.push({ path: pointer, code: 'missing_field', message: `Missing required field \`${field}\`${path.length === 1 ? ` in ${options.label}` : ''}.` })
      continue
    }
    const branch = unionBranch(issue)
    if (branch !== undefined) {
      out.push(...mapZodIssues(branch, { ...options, prefix: path }))
      continue
    }
    let message = issue.message
    if (issue.code === 'invalid_key') message = (issue as { issues?: ZodIssue[] }).issues?.[0]?.message ?? message
    const code = field === 'id' && path.length === 1 ? 'invalid_id' : 'invalid_field'
    out.push({ path: pointer, code, message: `${field === '' ? '' : `\`${field}\`: `}${message}` })
  }
  return out
}
