/**
 * @module
 * A conservative check for regular expressions that can backtrack catastrophically. JSONata's
 * timeout cannot interrupt a native regex match, so such patterns are rejected up front.
 */

/** Longest regex pattern accepted, in characters. */
export const MAX_REGEX_LENGTH = 500

interface Frame {
  unboundedInside: boolean
}

interface Atom {
  group: boolean
  unboundedInside: boolean
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
 * (`(a+)+`, `(\w*)*`, `(x+y?){2,}`) and patterns longer than {@link MAX_REGEX_LENGTH}.
 */
export function findUnsafeRegex(pattern: string): string | undefined {
  if (pattern.length > MAX_REGEX_LENGTH) return `the pattern is longer than ${MAX_REGEX_LENGTH} characters`
  const stack: Frame[] = [{ unboundedInside: false }]
  let atom: Atom | undefined
  let i = 0
  while (i < pattern.length) {
    const char = pattern[i]
    const frame = stack[stack.length - 1]
    if (char === '\\') {
      atom = { group: false, unboundedInside: false }
      i += 2
    } else if (char === '[') {
      i += 1
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1
      i += 1
      atom = { group: false, unboundedInside: false }
    } else if (char === '(') {
      stack.push({ unboundedInside: false })
      atom = undefined
      i += 1
      if (pattern[i] === '?') {
        const prefix = /^\?(?::|=|!|<=|<!|<[A-Za-z_][A-Za-z0-9_]*>)/.exec(pattern.slice(i))
        i += prefix === null ? 1 : prefix[0].length
      }
    } else if (char === ')') {
      const closed = stack.length > 1 ? (stack.pop() as Frame) : frame
      const parent = stack[stack.length - 1]
      parent.unboundedInside ||= closed.unboundedInside
      atom = { group: true, unboundedInside: closed.unboundedInside }
      i += 1
    } else {
      const quantifier = readQuantifier(pattern, i)
      if (quantifier === undefined) {
        atom = { group: false, unboundedInside: false }
        i += 1
        continue
      }
      i += quantifier.length
      if (pattern[i] === '?') i += 1
      const repeats = quantifier.max === Infinity || quantifier.max >= 10
      if (atom !== undefined && atom.group && atom.unboundedInside && repeats) {
        return 'a repeated group contains another unbounded quantifier (nested quantifiers such as `(a+)+` backtrack exponentially)'
      }
      if (quantifier.max === Infinity) frame.unboundedInside = true
      atom = undefined
    }
  }
  return undefined
}
