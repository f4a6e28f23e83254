/**
 * @module
 * A small lexer for JSONata source: enough to tell code from string literals, backtick names,
 * comments and regex literals, so that text scans (JS-operator lint, name rewriting, finding the
 * `}}` that closes a template expression) never look inside literals.
 */

/** A region of JSONata source. */
export interface SourceRegion {
  /** What the region holds. */
  kind: 'code' | 'string' | 'name' | 'comment' | 'regex'
  /** Start offset (inclusive). */
  start: number
  /** End offset (exclusive). */
  end: number
}

/** Result of {@link lexJsonata}. */
export interface LexResult {
  /** The regions, in order, covering `[start, end)`. */
  regions: SourceRegion[]
  /** Where lexing stopped: the source length, or (with `stopAtClose`) the index of the closing `}}`; -1 when it was not found. */
  end: number
}

const REGEX_PREFIX = new Set(['', '(', '[', ',', ':', ';', '{', '?', '=', '!', '<', '>', '&', '|', '~', '^', '+', '-', '*', '%'])
const REGEX_KEYWORDS = new Set(['and', 'or', 'in'])

function skipQuoted(source: string, index: number, quote: string): number {
  let i = index + 1
  while (i < source.length) {
    const char = source[i]
    if (char === '\\') i += 2
    else if (char === quote) return i + 1
    else i += 1
  }
  return source.length
}

function skipRegex(source: string, index: number): number {
  let i = index + 1
  let inClass = false
  while (i < source.length) {
    const char = source[i]
    if (char === '\\') i += 2
    else if (char === '[' || char === ']') {
      inClass = char === '['
      i += 1
    } else if (char === '/' && !inClass) {
      i += 1
      while (i < source.length && /[a-z]/i.test(source[i])) i += 1
      return i
    } else i += 1
  }
  return source.length
}

/**
 * Splits JSONata source into regions. With `stopAtClose`, stops at the first `}}` found in code
 * at brace depth 0 (the end of a `{{ … }}` template expression).
 */
export function lexJsonata(source: string, start = 0, stopAtClose = false): LexResult {
  const regions: SourceRegion[] = []
  let codeStart = start
  let depth = 0
  let lastSignificant = ''
  let lastWord = ''
  const flushCode = (end: number): void => {
    if (end > codeStart) regions.push({ kind: 'code', start: codeStart, end })
  }
  const pushLiteral = (kind: SourceRegion['kind'], from: number, to: number): void => {
    flushCode(from)
    regions.push({ kind, start: from, end: to })
    codeStart = to
  }
  let i = start
  while (i < source.length) {
    const char = source[i]
    if (char === '"' || char === "'") {
      const end = skipQuoted(source, i, char)
      pushLiteral('string', i, end)
      i = end
      lastSignificant = 'x'
      lastWord = ''
    } else if (char === '`') {
      const close = source.indexOf('`', i + 1)
      const end = close === -1 ? source.length : close + 1
      pushLiteral('name', i, end)
      i = end
      lastSignificant = 'x'
      lastWord = ''
    } else if (char === '/' && source[i + 1] === '*') {
      const close = source.indexOf('*/', i + 2)
      const end = close === -1 ? source.length : close + 2
      pushLiteral('comment', i, end)
      i = end
    } else if (char === '/' && (REGEX_PREFIX.has(lastSignificant) || REGEX_KEYWORDS.has(lastWord))) {
      const end = skipRegex(source, i)
      pushLiteral('regex', i, end)
      i = end
      lastSignificant = 'x'
      lastWord = ''
    } else {
      if (stopAtClose && char === '}') {
        if (depth === 0 && source[i + 1] === '}') {
          flushCode(i)
          return { regions, end: i }
        }
        if (depth > 0) depth -= 1
      } else if (stopAtClose && char === '{') depth += 1
      if (/[A-Za-z0-9_$]/.test(char)) {
        lastWord = /[A-Za-z0-9_$]/.test(source[i - 1] ?? '') ? lastWord + char : char
        lastSignificant = 'x'
      } else if (!/\s/.test(char)) {
        lastSignificant = char
        lastWord = ''
      }
      i += 1
    }
  }
  flushCode(source.length)
  return { regions, end: stopAtClose ? -1 : source.length }
}
