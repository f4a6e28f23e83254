/**
 * @module
 * Splitting template text into literal text and `{{ expression }}` segments.
 */
import { lexJsonata } from './jsonata-lexer.js'

/** A literal part of a template. */
export interface TextSegment {
  /** Discriminator. */
  kind: 'text'
  /** The literal text. */
  text: string
}

/** An embedded `{{ expression }}` of a template. */
export interface ExpressionSegment {
  /** Discriminator. */
  kind: 'expression'
  /** The expression, trimmed. */
  source: string
  /** Offset of `source` in the template text (for error positions). */
  offset: number
}

/** A parsed template, or why it could not be parsed. */
export type ParsedTemplate =
  | { ok: true; segments: (TextSegment | ExpressionSegment)[] }
  | { ok: false; message: string; position: number; hint: string }

/**
 * Parses `{{ … }}` segments. The closing `}}` is found with a JSONata lexer, so braces and `}}`
 * inside string literals or object constructors (`{{ {"a": {"b": 1}} }}`) are handled. There is
 * no escape syntax: a literal `{{` is written `{{ "{{" }}`.
 */
export function parseTemplate(text: string): ParsedTemplate {
  const segments: (TextSegment | ExpressionSegment)[] = []
  let cursor = 0
  while (cursor < text.length) {
    const open = text.indexOf('{{', cursor)
    if (open === -1) break
    if (open > cursor) segments.push({ kind: 'text', text: text.slice(cursor, open) })
    const { end } = lexJsonata(text, open + 2, true)
    if (end === -1) {
      return { ok: false, message: 'Unclosed `{{`: the template expression has no matching `}}`.', position: open, hint: 'Close it with `}}`, or write a literal `{{` as `{{ "{{" }}`.' }
    }
    const raw = text.slice(open + 2, end)
    const leading = raw.length - raw.trimStart().length
    const source = raw.trim()
    if (source === '') return { ok: false, message: 'Empty template expression `{{ }}`.', position: open, hint: 'Put a JSONata expression between the braces, e.g. `{{ variables.name }}`.' }
    segments.push({ kind: 'expression', source, offset: open + 2 + leading })
    cursor = end + 2
  }
  if (cursor < text.length) segments.push({ kind: 'text', text: text.slice(cursor) })
  return { ok: true, segments }
}

/**
 * The expression inside a string that is exactly one `{{ expr }}` (surrounding whitespace
 * ignored), or `undefined` when the string is not such a wrapper.
 */
export function unwrapSingleExpression(text: string): { source: string; offset: number } | undefined {
  const trimmed = text.trim()
  if (!trimmed.startsWith('{{')) return undefined
  const parsed = parseTemplate(trimmed)
  if (!parsed.ok || parsed.segments.length !== 1) return undefined
  const [segment] = parsed.segments
  if (segment.kind !== 'expression') return undefined
  return { source: segment.source, offset: segment.offset + (text.length - text.trimStart().length) }
}
