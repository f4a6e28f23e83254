/**
 * @module
 * Detects JavaScript operators written in JSONata expressions and suggests the JSONata spelling.
 */
import { lexJsonata } from './jsonata-lexer.js'

/** A JavaScript operator found in an expression. */
export interface JsOperatorFinding {
  /** The operator as written (`&&`, `||`, `===`, `==`, `!==`, `!`, `=>`). */
  operator: string
  /** Its JSONata spelling. */
  replacement: string
  /** Offset in the source. */
  position: number
}

const REPLACEMENTS: Record<string, string> = {
  '&&': 'and',
  '||': 'or',
  '===': '=',
  '==': '=',
  '!==': '!=',
  '!': '$not(…)',
  '=>': 'function($x) { … }',
}

/** Every JavaScript-only operator in the code parts of `source` (never inside literals). */
export function findJsOperators(source: string): JsOperatorFinding[] {
  const findings: JsOperatorFinding[] = []
  for (const region of lexJsonata(source).regions) {
    if (region.kind !== 'code') continue
    let i = region.start
    while (i < region.end) {
      const three = source.slice(i, i + 3)
      const two = source.slice(i, i + 2)
      let operator: string | undefined
      if (three === '===' || three === '!==') operator = three
      else if (two === '&&' || two === '||' || two === '==' || two === '=>') operator = two
      else if (two === '!=' || two === '<=' || two === '>=' || two === ':=') {
        i += 2
        continue
      } else if (source[i] === '!') operator = '!'
      if (operator === undefined) {
        i += 1
        continue
      }
      findings.push({ operator, replacement: REPLACEMENTS[operator], position: i })
      i += operator.length
    }
  }
  return findings
}

/** `source` with the JavaScript operators replaced by JSONata ones, when that can be done mechanically. */
export function suggestJsonata(source: string, findings: readonly JsOperatorFinding[]): string | undefined {
  let out = ''
  let cursor = 0
  for (const finding of findings) {
    out += source.slice(cursor, finding.position)
    cursor = finding.position + finding.operator.length
    if (finding.operator === '=>') return undefined
    if (finding.operator === '!') {
      const operand = /^\s*(\$?[A-Za-z_][A-Za-z0-9_.$]*|\([^()]*\))/.exec(source.slice(cursor))
      if (operand === null) return undefined
      const inner = operand[1].startsWith('(') ? operand[1].slice(1, -1) : operand[1]
      out += `$not(${inner})`
      cursor += operand[0].length
    } else {
      const spaced = /^[a-z]/.test(finding.replacement)
      const before = spaced && !/\s$/.test(out) ? ' ' : ''
      const after = spaced && !/^\s/.test(source.slice(cursor)) ? ' ' : ''
      out += before + finding.replacement + after
    }
  }
  return out + source.slice(cursor)
}
