/**
 * @module
 * A conservative check for regular expressions that can backtrack catastrophically. JSONata's
 * timeout cannot interrupt a native regex match, so such patterns are rejected up front.
 */

/** Longest regex pattern accepted, in characters. */
export const MAX_REGEX_LENGTH = 500

interface Frame {
  unboundedInside: boolean
  /** Somewhere inside, a group's alternatives can match the same text (`a|aa`). */
  ambiguousInside: boolean
  /** Literal prefixes of the alternatives closed so far, and of the current one. */
  alternatives: string[]
  prefix: string
  /** Whether the current alternative is still a plain literal prefix. */
  literal: boolean
}

interface Atom {
  group: boolean
  unboundedInside: boolean
  ambiguous: boolean
  /** A literal character appended to the frame's prefix (a quantifier after it takes it back). */
  literal?: boolean
}

const frame = (): Frame => ({ unboundedInside: false, ambiguousInside: false, alternatives: [], prefix: '', literal: true })
const other = (): Atom => ({ group: false, unboundedInside: false, ambiguous: false })

/**
 * Whether two alternatives may match the same text, judged by their literal prefixes: unless they
 * differ at some position both prefixes fix, they overlap (`a|aa`, `a|a`, `\d|x`; not `cat|dog`).
 * Case is ignored (the `i` flag), which only adds caution.
 */
function overlapping(alternatives: readonly string[]): boolean {
  for (let i = 0; i < alternatives.length; i++) {
    for (let j = i + 1; j < alternatives.length; j++) {
      const [a, b] = [alternatives[i].toLowerCase(), alternatives[j].toLowerCase()]
      if (a.startsWith(b) || b.startsWith(a)) return true
    }
  }
  return false
}

function readQuantifier(pattern: string, index: number): { length: number; min: number; max: number } | undefined {
  const char = pattern[index]
  if (char === '*') return { length: 1, min: 0, max: Infinity }
  if (char === '+') return { length: 1, min: 1, max: Infinity }
  if (char === '?') return { length: 1, min: 0, max: 1 }
  if (char !== '{') return undefined
  const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(index))
  if (match === null) return undefined
  const min = Number(match[1])
  const max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3])
  return { length: match[0].length, min, max }
}

/**
 * Why `pattern` is unsafe, or `undefined` when it looks safe. Flags nested unbounded quantifiers
 * (`(a+)+`, `(\w*)*`, `(x+y?){2,}`), repeated groups whose alternatives can match the same text
 * (`(a|aa)+`, `(a|a)*`, `(\d|1)+`), and patterns longer than {@link MAX_REGEX_LENGTH}.
 */
export function findUnsafeRegex(pattern: string): string | undefined {
  if (pattern.length > MAX_REGEX_LENGTH) return `the pattern is longer than ${MAX_REGEX_LENGTH} characters`
  const stack: Frame[] = [frame()]
  let atom: Atom | undefined
  let i = 0
  while (i < pattern.length) {
    const char = pattern[i]
    const current = stack[stack.length - 1]
    if (char === '\\') {
      atom = other()
      current.literal = false
      i += 2
    } else if (char === '[') {
      i += 1
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1
      i += 1
      atom = other()
      current.literal = false
    } else if (char === '(') {
      current.literal = false
      stack.push(frame())
      atom = undefined
      i += 1
      if (pattern[i] === '?') {
        const prefix = /^\?(?::|=|!|<=|<!|<[A-Za-z_][A-Za-z0-9_]*>)/.exec(pattern.slice(i))
        i += prefix === null ? 1 : prefix[0].length
      }
    } else if (char === '|') {
      current.alternatives.push(current.prefix)
      current.prefix = ''
      current.literal = true
      atom = undefined
      i += 1
    } else if (char === ')') {
      const closed = stack.length > 1 ? (stack.pop() as Frame) : current
      closed.alternatives.push(closed.prefix)
      closed.ambiguousInside ||= overlapping(closed.alternatives)
      const parent = stack[stack.length - 1]
      parent.unboundedInside ||= closed.unboundedInside
      parent.ambiguousInside ||= closed.ambiguousInside
      atom = { group: true, unboundedInside: closed.unboundedInside, ambiguous: closed.ambiguousInside }
      i += 1
    } else {
      const quantifier = readQuantifier(pattern, i)
      if (quantifier === undefined) {
        const plain = !'.^$'.includes(char)
        if (plain && current.literal) current.prefix += char
        else current.literal = false
        atom = { ...other(), literal: plain && current.literal }
        i += 1
        continue
      }
      i += quantifier.length
      if (pattern[i] === '?') i += 1
      if (atom?.literal === true && quantifier.min === 0) current.prefix = current.prefix.slice(0, -1)
      current.literal = false
      const repeats = quantifier.max === Infinity || quantifier.max >= 10
      if (atom !== undefined && atom.group && atom.unboundedInside && repeats) {
        return 'a repeated group contains another unbounded quantifier (nested quantifiers such as `(a+)+` backtrack exponentially)'
      }
      if (atom !== undefined && atom.group && atom.ambiguous && repeats) {
        return 'a repeated group has alternatives that can match the same text (such as `(a|aa)+`, which backtracks exponentially)'
      }
      if (quantifier.max === Infinity) current.unboundedInside = true
      atom = undefined
    }
  }
  return undefined
}
