/**
 * @module
 * What management tools never show a model: approval tokens (a token decides an approval) and
 * webhook secrets; and how they keep large values from flooding its context.
 */
import type { TriggerRecord } from '../triggers/trigger-types.js'
import { jsonSafe } from './tool-result.js'

/** Approval tokens as the engine makes them (`apr_` + 43 base64url characters). */
const APPROVAL_TOKEN = /apr_[A-Za-z0-9_-]{20,}/g

import { REDACTED, redactTriggerSecret } from '../triggers/trigger-secrets.js'

function scrub(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(APPROVAL_TOKEN, REDACTED)
  if (Array.isArray(value)) return value.map(scrub)
  if (typeof value === 'object' && value !== null) {
    const result: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) {
      if (key === 'token' && typeof item === 'string') continue
      result[key] = scrub(item)
    }
    return result
  }
  return value
}

/** A JSON copy without approval tokens: `token` fields are dropped and token-shaped strings replaced. */
export function withoutTokens<T>(value: T): T {
  return scrub(jsonSafe(value)) as T
}

/** A trigger as a model sees it: a webhook secret shows as `[redacted]`. */
export function redactTrigger(trigger: TriggerRecord): Record<string, unknown> {
  return jsonSafe(redactTriggerSecret(trigger)) as unknown as Record<string, unknown>
}

/** The value itself when its JSON is at most `maxChars` long, else `{ truncated: true, chars, preview }`. */
export function bounded(value: unknown, maxChars: number): unknown {
  if (value === undefined) return undefined
  const text = JSON.stringify(value) ?? ''
  if (text.length <= maxChars) return value
  return { truncated: true, chars: text.length, preview: text.slice(0, maxChars) }
}
