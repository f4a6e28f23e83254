/**
 * @module
 * Text helpers for one-line step summaries (diagram nodes).
 */

/** Collapses whitespace and cuts `text` to `max` characters with an ellipsis. */
export function truncateSummary(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/** A short text form of a JSON value (strings as is, other values as JSON). */
export function summarizeValue(value: unknown, max = 80): string {
  if (typeof value === 'string') return truncateSummary(value, max)
  let text: string
  try {
    text = JSON.stringify(value) ?? String(value)
  } catch {
    text = String(value)
  }
  return truncateSummary(text, max)
}
