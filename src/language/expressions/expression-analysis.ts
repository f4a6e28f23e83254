/**
 * @module
 * Save-time analysis of an expression: size, JavaScript operators, syntax, removed functions,
 * unsafe regexes and oversized `$pad` widths. `compileExpression` applies the same rules.
 */
import jsonata from 'jsonata'
import { BoundedCache } from './bounded-cache.js'
import { MAX_PAD_WIDTH } from './bounded-functions.js'
import { findJsOperators, suggestJsonata } from './js-operators.js'
import { parsePathExpression, pathToJsonata, rewriteStepReferences } from './path-expression.js'
import { findUnsafeRegex } from './regex-safety.js'
import { unwrapSingleExpression } from './template-segments.js'

/** Longest expression accepted, in characters. */
export const MAX_EXPRESSION_LENGTH = 2000
/** Largest expression accepted, in JSONata syntax-tree nodes. */
export const MAX_AST_NODES = 500
/** JSONata functions removed from stepwise expressions. */
export const REMOVED_FUNCTIONS: ReadonlySet<string> = new Set(['eval'])

/** One problem found in an expression's source. */
export interface ExpressionSourceIssue {
  /** What is wrong. */
  message: string
  /** How to fix it. */
  hint?: string
  /** `invalid_expression`, `js_operator`, `removed_function`, `unsafe_regex` or `limit`. */
  code: string
  /** Offset in the source given to the check. */
  position?: number
}

/** Result of {@link analyzeExpression}. */
export interface ExpressionAnalysis {
  /** The JSONata source to compile (wrapper removed, step references rewritten). */
  jsonataSource: string
  /** The problems; empty when the expression may be compiled. */
  issues: ExpressionSourceIssue[]
}

const cache = new BoundedCache<string, ExpressionAnalysis>(5000)

/** Analyses `source` (raw JSONata or one `{{ }}` wrapper). Memoised. */
export function analyzeExpression(source: string): ExpressionAnalysis {
  const cached = cache.get(source)
  if (cached !== undefined) return cached
  return cache.set(source, analyze(source))
}

function analyze(source: string): ExpressionAnalysis {
  const unwrapped = unwrapSingleExpression(source)
  const inner = unwrapped?.source ?? source
  const offset = unwrapped?.offset ?? 0
  const issues: ExpressionSourceIssue[] = []
  const result = { jsonataSource: inner, issues }
  if (inner.trim() === '') {
    issues.push({ code: 'invalid_expression', message: 'The expression is empty.', position: offset })
    return result
  }
  if (inner.length > MAX_EXPRESSION_LENGTH) {
    issues.push({ code: 'limit', message: `The expression is ${inner.length} characters long; the limit is ${MAX_EXPRESSION_LENGTH}.`, hint: 'Split the work over several steps (e.g. a `set` step).' })
    return result
  }
  const operators = findJsOperators(inner)
  if (operators.length > 0) {
    const listed = operators.map((found) => `\`${found.operator}\` (position ${found.position + offset})`).join(', ')
    const uses = [...new Map(operators.map((found) => [found.operator, `\`${found.replacement}\` for \`${found.operator}\``])).values()].join(', ')
    const suggestion = suggestJsonata(inner, operators)
    issues.push({
      code: 'js_operator',
      message: `JavaScript operators are not JSONata: ${listed}.`,
      hint: `Use ${uses}.${suggestion === undefined ? '' : ` Write: \`${suggestion}\``}`,
      position: operators[0].position + offset,
    })
    return result
  }
  const path = parsePathExpression(inner)
  if (path !== undefined) {
    result.jsonataSource = pathToJsonata(path)
    return result
  }
  const jsonataSource = rewriteStepReferences(inner)
  result.jsonataSource = jsonataSource
  let ast: jsonata.ExprNode
  try {
    ast = jsonata(jsonataSource).ast()
  } catch (error) {
    const record = error as { message?: string; position?: number }
    const position = typeof record.position === 'number' ? record.position + offset : undefined
    const hint = inner.includes('{{') ? 'An expression field takes one JSONata expression; remove the `{{ }}` or keep exactly one around the whole expression.' : undefined
    issues.push({
      code: 'invalid_expression',
      message: `Invalid JSONata: ${record.message ?? String(error)}${position === undefined ? '' : ` (at position ${position})`}`,
      ...(hint === undefined ? {} : { hint }),
      ...(position === undefined ? {} : { position }),
    })
    return result
  }
  inspectTree(ast, issues, offset)
  return result
}

function inspectTree(root: unknown, issues: ExpressionSourceIssue[], offset: number): void {
  const seen = new Set<object>()
  const stack: unknown[] = [root]
  let nodes = 0
  const reported = new Set<string>()
  while (stack.length > 0) {
    const value = stack.pop()
    if (typeof value !== 'object' || value === null || seen.has(value) || value instanceof RegExp) continue
    seen.add(value)
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item)
      continue
    }
    const node = value as jsonata.ExprNode & Record<string, unknown>
    if (typeof node.type === 'string') {
      nodes += 1
      checkNode(node, issues, offset, reported)
    }
    for (const key of Object.keys(node)) stack.push(node[key])
  }
  if (nodes > MAX_AST_NODES) {
    issues.push({ code: 'limit', message: `The expression has ${nodes} syntax nodes; the limit is ${MAX_AST_NODES}.`, hint: 'Split the work over several steps.' })
  }
}

function checkNode(node: jsonata.ExprNode, issues: ExpressionSourceIssue[], offset: number, reported: Set<string>): void {
  const position = typeof node.position === 'number' ? node.position + offset : undefined
  const at = position === undefined ? {} : { position }
  if (node.type === 'variable' && typeof node.value === 'string' && REMOVED_FUNCTIONS.has(node.value) && !reported.has(node.value)) {
    reported.add(node.value)
    issues.push({ code: 'removed_function', message: `\`$${node.value}\` is not available in stepwise expressions.`, hint: 'Write the expression directly instead of evaluating a string.', ...at })
  }
  if (node.type === 'regexp' || (node.type as string) === 'regex') {
    const pattern = node.value instanceof RegExp ? node.value.source : String(node.value)
    const reason = findUnsafeRegex(pattern)
    if (reason !== undefined) {
      issues.push({ code: 'unsafe_regex', message: `Unsafe regular expression /${pattern}/: ${reason}.`, hint: 'Remove the nested repetition, e.g. `(a+)+` → `a+`.', ...at })
    }
  }
  if (node.type === 'function' && node.procedure?.type === 'variable' && node.procedure.value === 'pad') {
    for (const argument of node.arguments ?? []) {
      if (argument.type === 'number' && typeof argument.value === 'number' && Math.abs(argument.value) > MAX_PAD_WIDTH) {
        issues.push({ code: 'limit', message: `\`$pad\` width ${argument.value} exceeds the limit of ${MAX_PAD_WIDTH}.`, ...at })
      }
    }
  }
}

/**
 * The save-time checks of one expression or condition: size (2 000 characters, 500 nodes),
 * JavaScript operators (`&&`, `||`, `===`, `!==`, `==`, `!x`, `=>`) with the JSONata spelling as
 * hint, JSONata syntax (message and position), removed functions (`$eval`), regex literals that
 * can backtrack catastrophically, and literal `$pad` widths over the runtime cap. A single
 * `{{ }}` wrapper is accepted. Returns `[]` when the source is fine.
 */
export function checkExpressionSource(source: string, kind: 'expression' | 'condition'): { message: string; hint?: string; code: string; position?: number }[] {
  const { issues } = analyzeExpression(source)
  if (kind === 'condition') {
    return issues.map((issue) => (issue.code === 'js_operator' ? { ...issue, message: `Conditions are JSONata. ${issue.message}` } : { ...issue }))
  }
  return issues.map((issue) => ({ ...issue }))
}
