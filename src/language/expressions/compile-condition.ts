/**
 * @module
 * `compileCondition`: JSONata conditions, boolean literals and the legacy `{variable, equals}` form.
 */
import { StepwiseError } from '../../errors/stepwise-error.js'
import { BoundedCache } from './bounded-cache.js'
import { compileExpression } from './compile-expression.js'
import type { CompiledExpression, ExpressionContext } from './expression-types.js'
import { jsonataBoolean } from './plain-value.js'

const cache = new BoundedCache<string, CompiledExpression>(5000)
const TRUE: CompiledExpression = { source: 'true', isPath: false, evaluate: () => true }
const FALSE: CompiledExpression = { source: 'false', isPath: false, evaluate: () => false }

function ownValue(record: unknown, key: string): unknown {
  return typeof record === 'object' && record !== null && Object.hasOwn(record, key) ? (record as Record<string, unknown>)[key] : undefined
}

function legacyCondition(condition: Record<string, unknown>): CompiledExpression {
  const variable = condition.variable as string
  const hasEquals = Object.hasOwn(condition, 'equals')
  const expected = condition.equals
  return {
    source: JSON.stringify(condition) ?? '',
    isPath: false,
    evaluate(context: ExpressionContext): boolean {
      const value = ownValue(context.variables, variable) ?? ownValue(context.outputs, variable)
      return hasEquals ? value === expected : Boolean(value)
    },
  }
}

/**
 * Compiles a condition. `evaluate` yields a boolean (a Promise of one for JSONata conditions).
 *
 * - string: a JSONata expression (a `{{ }}` wrapper is accepted); its result is cast with
 *   JSONata's `$boolean` rules (`undefined` → false, `""` → false, `0` → false, `[]` → false …);
 * - boolean: itself;
 * - legacy `{ variable, equals? }`: reads `variables[variable] ?? outputs[variable]` (own keys)
 *   and compares it strictly (`===`) with `equals` when the key `equals` is present, else tests
 *   JavaScript truthiness.
 *
 * Throws `EXPRESSION_FAILED` for anything else or an invalid expression.
 */
export function compileCondition(condition: unknown): CompiledExpression {
  if (condition === true) return TRUE
  if (condition === false) return FALSE
  if (typeof condition === 'string') {
    const cached = cache.get(condition)
    if (cached !== undefined) return cached
    const expression = compileExpression(condition)
    return cache.set(condition, {
      source: condition,
      isPath: expression.isPath,
      evaluate(context, options) {
        const value = expression.evaluate(context, options)
        return value instanceof Promise ? value.then(jsonataBoolean) : jsonataBoolean(value)
      },
    })
  }
  if (typeof condition === 'object' && condition !== null && !Array.isArray(condition) && typeof (condition as Record<string, unknown>).variable === 'string') {
    return legacyCondition(condition as Record<string, unknown>)
  }
  throw new StepwiseError('EXPRESSION_FAILED', 'A condition must be a JSONata expression string, a boolean, or `{ variable, equals }`.', {
    details: { expression: String(JSON.stringify(condition) ?? condition) },
  })
}
