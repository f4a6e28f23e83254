/**
 * @module
 * `compileExpression`: JSONata expressions with a synchronous fast path for plain paths.
 */
import { StepwiseError } from '../../errors/stepwise-error.js'
import { BoundedCache } from './bounded-cache.js'
import { analyzeExpression } from './expression-analysis.js'
import type { CompiledExpression, EvaluationOptions, ExpressionContext } from './expression-types.js'
import { createJsonataProgram, type JsonataProgram } from './jsonata-program.js'
import { NEEDS_JSONATA, parsePathExpression, pathToJsonata, walkPath, type PathExpression } from './path-expression.js'
import { unwrapSingleExpression } from './template-segments.js'

const cache = new BoundedCache<string, CompiledExpression>(5000)

function pathExpression(source: string, path: PathExpression): CompiledExpression {
  let fallback: JsonataProgram | undefined
  return {
    source,
    isPath: true,
    evaluate(context: ExpressionContext, options: EvaluationOptions): unknown {
      const value = walkPath(path, context)
      if (value !== NEEDS_JSONATA) return value
      fallback ??= createJsonataProgram(pathToJsonata(path), source)
      return fallback.evaluate(context, options)
    },
  }
}

/**
 * Compiles a JSONata expression (raw, or wrapped in one `{{ … }}`). Memoised by source, so
 * calling it on every step run costs a Map lookup.
 *
 * - A plain dotted path (`variables.repo`, `outputs.fetch-data.items.0`, `loop.item`) is
 *   evaluated synchronously without JSONata; see `path-expression.ts` for the exact rules.
 * - Anything else is JSONata, evaluated asynchronously with the bounds of
 *   {@link EvaluationOptions}; hyphenated names right after `outputs.`/`steps.` are rewritten to
 *   backtick names first.
 *
 * Throws `StepwiseError('EXPRESSION_FAILED')` with `details: { expression, position?, hint? }`
 * when the source fails the save-time checks (syntax, JavaScript operators, `$eval`, unsafe
 * regex), and `LIMIT_EXCEEDED` when it is too large (2 000 characters, 500 nodes, a literal
 * `$pad` width over 100 000).
 *
 * @example
 * ```ts
 * const total = compileExpression('$sum(outputs.cart.items.price)')
 * await total.evaluate(context, { now: Date.now(), timeoutMs: 100, maxDepth: 300, maxSequence: 100_000 })
 * ```
 */
export function compileExpression(source: string): CompiledExpression {
  if (typeof source !== 'string') {
    throw new StepwiseError('EXPRESSION_FAILED', `An expression must be a string, got ${source === null ? 'null' : typeof source}.`, { details: { expression: String(source) } })
  }
  const cached = cache.get(source)
  if (cached !== undefined) return cached
  const inner = unwrapSingleExpression(source)?.source ?? source.trim()
  const path = parsePathExpression(inner)
  if (path !== undefined) return cache.set(source, pathExpression(source, path))
  const analysis = analyzeExpression(source)
  if (analysis.issues.length > 0) {
    const [first] = analysis.issues
    const details: Record<string, unknown> = { expression: source }
    if (first.position !== undefined) details.position = first.position
    if (first.hint !== undefined) details.hint = first.hint
    if (first.code === 'limit') details.limit = 'expressionSize'
    throw new StepwiseError(first.code === 'limit' ? 'LIMIT_EXCEEDED' : 'EXPRESSION_FAILED', first.message, { details })
  }
  const program = createJsonataProgram(analysis.jsonataSource, source)
  return cache.set(source, {
    source,
    isPath: false,
    evaluate: (context, options) => program.evaluate(context, options),
  })
}
