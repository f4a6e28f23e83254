/**
 * @module
 * `extractJson`: the JSON object in a model's reply, bare or in a fenced block.
 */
import { jsonCandidates } from '../steps/agent-prompt/structured-output.js'

/** The outcome of {@link extractJson}: the parsed object, or why there is none. */
export type ExtractedJson = { ok: true; value: Record<string, unknown> } | { ok: false; reason: 'none' | 'invalid'; message: string }

function parseError(text: string): string | undefined {
  try {
    JSON.parse(text)
    return undefined
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

/**
 * Finds the workflow object of a reply with the same reader as structured agent output: fenced
 * blocks first, then the whole reply, then each balanced `{ … }` in the prose. When there is
 * none, says whether the reply had no JSON at all or JSON that does not parse (a trailing comma,
 * a reply cut off).
 */
export function extractJson(text: string): ExtractedJson {
  for (const value of jsonCandidates(text)) return { ok: true, value }
  const trimmed = text.trim()
  if (trimmed === '') return { ok: false, reason: 'none', message: 'The reply was empty.' }
  const start = trimmed.indexOf('{')
  if (start < 0) return { ok: false, reason: 'none', message: 'The reply contained no JSON object.' }
  const fence = /```[ \t]*(?:json|JSON)?[ \t]*\r?\n([\s\S]*?)```/.exec(trimmed)
  const candidate = fence === null ? trimmed.slice(start) : fence[1].trim()
  const error = parseError(candidate) ?? 'it is not a single JSON object'
  const cutOff = fence === null && !/}\s*$/.test(trimmed) ? ' (was the reply cut off?)' : ''
  return { ok: false, reason: 'invalid', message: `The reply's JSON does not parse: ${error}${cutOff}` }
}
