/**
 * @module
 * `compileTemplate`: text with embedded `{{ expression }}` segments.
 */
import { StepwiseError } from '../../errors/stepwise-error.js'
import { BoundedCache } from './bounded-cache.js'
import { compileExpression } from './compile-expression.js'
import type { CompiledExpression, CompiledTemplate, EvaluationOptions, ExpressionContext, TemplateResult } from './expression-types.js'
import { parseTemplate } from './template-segments.js'

const cache = new BoundedCache<string, CompiledTemplate>(5000)

/**
 * Text rendering of an expression value: strings verbatim, numbers and booleans via `String`,
 * `null` as `null`, objects and arrays as JSON, `undefined` as ''.
 */
export function stringifyTemplateValue(value: unknown): string {
  if (typeof value === 'string') return value
  if (value === undefined) return ''
  if (value === null) return 'null'
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value) ?? ''
    } catch {
      return String(value)
    }
  }
  return String(value)
}

function compileSegment(source: string, template: string, offset: number): CompiledExpression {
  try {
    return compileExpression(source)
  } catch (error) {
    const cause = StepwiseError.from(error, 'EXPRESSION_FAILED')
    const position = typeof cause.details?.position === 'number' ? cause.details.position + offset : offset
    throw new StepwiseError('EXPRESSION_FAILED', `${cause.message} (in template at position ${position})`, {
      details: { ...cause.details, expression: source, template, position },
      cause,
    })
  }
}

type Part = string | CompiledExpression

function assemble(parts: readonly Part[], values: readonly unknown[]): TemplateResult {
  let text = ''
  const missing: string[] = []
  parts.forEach((part, index) => {
    if (typeof part === 'string') {
      text += part
      return
    }
    const value = values[index]
    if (value === undefined) missing.push(part.source)
    text += stringifyTemplateValue(value)
  })
  return { value: text, missing }
}

/**
 * Compiles a text template. Memoised by text.
 *
 * - No `{{` → `isStatic`: `render` returns the text synchronously.
 * - Exactly one `{{ expr }}` (surrounding whitespace ignored) → `isSingle`: `render` gives the
 *   expression's typed value (object, number, `undefined` …), `missing` stays empty.
 * - Otherwise text: each value rendered by {@link stringifyTemplateValue}; expressions that gave
 *   `undefined` render '' and are listed in `missing`.
 *
 * Rendering is synchronous when every expression is a plain path. Throws `EXPRESSION_FAILED`
 * for an unclosed `{{` or an invalid expression (with its position in the template).
 */
export function compileTemplate(text: string): CompiledTemplate {
  if (typeof text !== 'string') throw new StepwiseError('EXPRESSION_FAILED', `A template must be a string, got ${typeof text}.`, { details: { template: String(text) } })
  const cached = cache.get(text)
  if (cached !== undefined) return cached
  const parsed = parseTemplate(text)
  if (!parsed.ok) throw new StepwiseError('EXPRESSION_FAILED', `${parsed.message} (at position ${parsed.position})`, { details: { template: text, expression: text, position: parsed.position, hint: parsed.hint } })
  const expressions = parsed.segments.filter((segment) => segment.kind === 'expression')
  if (expressions.length === 0) {
    return cache.set(text, { source: text, isStatic: true, isSingle: false, render: () => ({ value: text, missing: [] }) })
  }
  const onlyExpression = parsed.segments.every((segment) => segment.kind === 'expression' || segment.text.trim() === '')
  if (expressions.length === 1 && onlyExpression) {
    const [segment] = expressions
    const expression = compileSegment(segment.source, text, segment.offset)
    return cache.set(text, {
      source: text,
      isStatic: false,
      isSingle: true,
      render(context: ExpressionContext, options: EvaluationOptions) {
        const value = expression.evaluate(context, options)
        return value instanceof Promise ? value.then((resolved) => ({ value: resolved, missing: [] })) : { value, missing: [] }
      },
    })
  }
  const parts: Part[] = parsed.segments.map((segment) => (segment.kind === 'text' ? segment.text : compileSegment(segment.source, text, segment.offset)))
  return cache.set(text, {
    source: text,
    isStatic: false,
    isSingle: false,
    render(context: ExpressionContext, options: EvaluationOptions) {
      let async = false
      const values = parts.map((part) => {
        if (typeof part === 'string') return undefined
        const value = part.evaluate(context, options)
        if (value instanceof Promise) async = true
        return value
      })
      return async ? Promise.all(values).then((resolved) => assemble(parts, resolved)) : assemble(parts, values)
    },
  })
}
