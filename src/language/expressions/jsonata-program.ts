/**
 * @module
 * A parsed JSONata program evaluated with guardrails: time, depth and sequence bounds from
 * {@link EvaluationOptions}, the runtime guards of `bounded-functions.ts`, plain results, and
 * every failure mapped to a typed `StepwiseError`.
 */
import jsonata from 'jsonata'
import { StepwiseError } from '../../errors/stepwise-error.js'
import { builtinsReady, clockBindings, ExpressionGuardError, installGuards, SafeRegExp } from './bounded-functions.js'
import type { EvaluationOptions, ExpressionContext } from './expression-types.js'
import { toPlainValue } from './plain-value.js'

/** A JSONata program ready to evaluate. */
export interface JsonataProgram {
  /** The JSONata source that was compiled (after rewriting). */
  readonly jsonataSource: string
  /** Evaluates against a context; rejects with `LIMIT_EXCEEDED` or `EXPRESSION_FAILED`. */
  evaluate(context: ExpressionContext, options: EvaluationOptions): Promise<unknown>
}

const DEFAULT_BOUNDS = { timeoutMs: 100, maxDepth: 300, maxSequence: 100_000 }

function bound(value: number, fallback: number): number {
  return Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback
}

function shorten(expression: string): string {
  const flat = expression.replace(/\s+/g, ' ').trim()
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat
}

/** The input document JSONata sees: the context roots as one plain object. */
export function contextDocument(context: ExpressionContext): Record<string, unknown> {
  const document: Record<string, unknown> = {
    variables: context.variables,
    outputs: context.outputs,
    steps: context.steps,
    execution: context.execution,
  }
  if (context.loop !== undefined) document.loop = context.loop
  if (context.error !== undefined) document.error = context.error
  return document
}

function limitError(expression: string, limit: string, message: string, cause: unknown): StepwiseError {
  return new StepwiseError('LIMIT_EXCEEDED', `Expression \`${shorten(expression)}\`: ${message}`, { details: { expression, limit }, cause })
}

/** Maps anything an evaluation throws to a `StepwiseError`. */
export function mapEvaluationError(error: unknown, expression: string, options: { timeoutMs: number; maxDepth: number; maxSequence: number }): StepwiseError {
  if (StepwiseError.isInstance(error)) return error
  if (error instanceof ExpressionGuardError) {
    if (error.stepwiseCode === 'LIMIT_EXCEEDED') return limitError(expression, error.limit ?? 'expression', error.message, error)
    return new StepwiseError('EXPRESSION_FAILED', `Expression \`${shorten(expression)}\` failed: ${error.message}`, { details: { expression }, cause: error })
  }
  const record = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; message?: unknown; position?: unknown }
  switch (record.code) {
    case 'D1011':
      return limitError(expression, 'maxDepth', `exceeded the maximum evaluation depth (maxDepth = ${options.maxDepth}).`, error)
    case 'D1012':
      return limitError(expression, 'expressionTimeoutMs', `ran longer than the limit of ${options.timeoutMs} ms (expressionTimeoutMs).`, error)
    case 'D2014':
      return limitError(expression, 'maxSequence', 'allocated a range larger than 10 000 000 items.', error)
    case 'D2015':
      return limitError(expression, 'maxSequence', `produced a sequence longer than the limit of ${options.maxSequence} items (maxSequence).`, error)
  }
  if (error instanceof RangeError) {
    return limitError(expression, 'memory', `exhausted a runtime limit (${error.message}).`, error)
  }
  const message = typeof record.message === 'string' ? record.message : String(error)
  const details: Record<string, unknown> = { expression }
  if (typeof record.code === 'string') details.jsonataCode = record.code
  if (typeof record.position === 'number') details.position = record.position
  return new StepwiseError('EXPRESSION_FAILED', `Expression \`${shorten(expression)}\` failed: ${message}`, { details, cause: error })
}

/**
 * Wraps valid JSONata source (checked by the caller) into a program. Each distinct
 * set of bounds gets its own JSONata instance (guardrail options are fixed per instance), kept
 * in a small map.
 */
export function createJsonataProgram(jsonataSource: string, expression: string): JsonataProgram {
  const instances = new Map<string, jsonata.Expression>()
  // Only an expression that defines a function can recurse (JSONata has no other loop).
  const canLoop = /function|λ/.test(jsonataSource)
  const instanceFor = (timeout: number, stack: number, sequence: number): jsonata.Expression => {
    const key = `${timeout}|${stack}|${sequence}`
    let instance = instances.get(key)
    if (instance === undefined) {
      instance = jsonata(jsonataSource, { timeout, stack, sequence, RegexEngine: SafeRegExp as unknown as RegExpConstructor })
      installGuards(instance, { stringGrowthHook: canLoop })
      if (instances.size >= 4) instances.clear()
      instances.set(key, instance)
    }
    return instance
  }
  return {
    jsonataSource,
    async evaluate(context, options) {
      const bounds = {
        timeoutMs: bound(options.timeoutMs, DEFAULT_BOUNDS.timeoutMs),
        maxDepth: bound(options.maxDepth, DEFAULT_BOUNDS.maxDepth),
        maxSequence: bound(options.maxSequence, DEFAULT_BOUNDS.maxSequence),
      }
      try {
        const ready = builtinsReady()
        if (ready !== undefined) await ready
        const instance = instanceFor(bounds.timeoutMs, bounds.maxDepth, bounds.maxSequence)
        const result: unknown = await instance.evaluate(contextDocument(context), clockBindings(options.now))
        return toPlainValue(result)
      } catch (error) {
        throw mapEvaluationError(error, expression, bounds)
      }
    },
  }
}
