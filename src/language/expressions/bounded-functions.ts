/**
 * @module
 * Runtime guards installed into every JSONata instance: `$eval` removed, bounded `$pad`, bounded
 * date/number picture functions, a regex engine that refuses catastrophic patterns, and a cap on
 * string results. JSONata's own guardrails are cooperative and cannot interrupt native built-ins,
 * so these bounds keep each call cheap.
 */
import jsonata from 'jsonata'
import { findUnsafeRegex } from './regex-safety.js'

/** Largest `$pad` width (absolute value). */
export const MAX_PAD_WIDTH = 100_000
/** Longest string any expression step may produce. */
export const MAX_STRING_LENGTH = 10_485_760
/** Longest picture string of `$toMillis`, `$fromMillis`, `$formatNumber`, `$formatInteger`, `$parseInteger`. */
export const MAX_PICTURE_LENGTH = 256
/** Longest timestamp text `$toMillis` parses. */
export const MAX_TIMESTAMP_LENGTH = 256

/** Thrown inside JSONata by the guards; mapped to a `StepwiseError` by the program. */
export class ExpressionGuardError extends Error {
  /** `LIMIT_EXCEEDED` for bounds, `EXPRESSION_FAILED` for refused operations. */
  readonly stepwiseCode: 'LIMIT_EXCEEDED' | 'EXPRESSION_FAILED'
  /** Name of the limit, e.g. `maxPadWidth`. */
  readonly limit?: string
  /** Creates a guard error. */
  constructor(stepwiseCode: 'LIMIT_EXCEEDED' | 'EXPRESSION_FAILED', message: string, limit?: string) {
    super(message)
    this.stepwiseCode = stepwiseCode
    if (limit !== undefined) this.limit = limit
  }
}

interface JsonataFunction {
  _jsonata_function: true
  implementation: (...args: unknown[]) => unknown
  signature?: unknown
}

const WRAPPED = ['toMillis', 'fromMillis', 'formatNumber', 'formatInteger', 'parseInteger'] as const
type WrappedName = (typeof WRAPPED)[number]

let originals: Record<WrappedName, JsonataFunction> | undefined
let loading: Promise<void> | undefined

/** Loads JSONata's own built-ins that the guards delegate to (once per process). */
export function builtinsReady(): Promise<void> | undefined {
  if (originals !== undefined) return undefined
  loading ??= (async () => {
    const list = (await jsonata(`[${WRAPPED.map((name) => `$${name}`).join(', ')}]`).evaluate({})) as JsonataFunction[]
    const record = {} as Record<WrappedName, JsonataFunction>
    WRAPPED.forEach((name, index) => (record[name] = list[index]))
    originals = record
  })()
  return loading
}

function checkPicture(name: string, picture: unknown): void {
  if (typeof picture === 'string' && picture.length > MAX_PICTURE_LENGTH) {
    throw new ExpressionGuardError('LIMIT_EXCEEDED', `$${name}: picture strings are limited to ${MAX_PICTURE_LENGTH} characters.`, 'maxPictureLength')
  }
}

const PICTURE_ARGUMENT: Record<WrappedName, number[]> = {
  toMillis: [1],
  fromMillis: [1],
  formatNumber: [1],
  formatInteger: [1],
  parseInteger: [1],
}

function guard(name: WrappedName, args: unknown[]): void {
  for (const index of PICTURE_ARGUMENT[name]) checkPicture(name, args[index])
  if (name === 'toMillis' || name === 'parseInteger') {
    if (typeof args[0] === 'string' && args[0].length > MAX_TIMESTAMP_LENGTH) {
      throw new ExpressionGuardError('LIMIT_EXCEEDED', `$${name}: input text is limited to ${MAX_TIMESTAMP_LENGTH} characters.`, 'maxTimestampLength')
    }
  }
  if (name === 'toMillis' && typeof args[1] === 'string' && (args[1].match(/\[f/g)?.length ?? 0) > 1) {
    // jsonata 2.2.2 builds a backtracking regex from repeated [f] markers (jsonata-js/jsonata#833).
    throw new ExpressionGuardError('EXPRESSION_FAILED', '$toMillis: a picture may contain at most one fractional-seconds [f] component.')
  }
}

function codePoints(text: string): string[] {
  return Array.from(text)
}

/** `$pad` with the width bounded by {@link MAX_PAD_WIDTH}; otherwise identical to JSONata's. */
export function boundedPad(this: unknown, text: string | undefined, width: number, char?: string): string | undefined {
  if (text === undefined) return undefined
  const target = Math.trunc(width)
  if (!(Math.abs(target) <= MAX_PAD_WIDTH)) {
    throw new ExpressionGuardError('LIMIT_EXCEEDED', `$pad: the width ${target} exceeds the limit of ${MAX_PAD_WIDTH}.`, 'maxPadWidth')
  }
  const fill = char === undefined || char.length === 0 ? [' '] : codePoints(char)
  const padLength = Math.abs(target) - codePoints(text).length
  if (padLength <= 0) return text
  let padding = ''
  for (let i = 0; i < padLength; i += 1) padding += fill[i % fill.length]
  return target > 0 ? text + padding : padding + text
}

const regexVerdicts = new Map<string, string | undefined>()

/** Regex engine for JSONata's `RegexEngine` option: refuses patterns {@link findUnsafeRegex} flags. */
export class SafeRegExp extends RegExp {
  /** Checks the pattern, then builds the RegExp. */
  constructor(pattern: string | RegExp, flags?: string) {
    const source = typeof pattern === 'string' ? pattern : pattern.source
    let verdict = regexVerdicts.get(source)
    if (verdict === undefined && !regexVerdicts.has(source)) {
      verdict = findUnsafeRegex(source)
      if (regexVerdicts.size > 1000) regexVerdicts.clear()
      regexVerdicts.set(source, verdict)
    }
    if (verdict !== undefined) throw new ExpressionGuardError('EXPRESSION_FAILED', `Unsafe regular expression /${source}/: ${verdict}.`)
    super(pattern, flags)
  }
}

function fn(implementation: (...args: never[]) => unknown, signature?: unknown): JsonataFunction {
  const value: JsonataFunction = { _jsonata_function: true, implementation: implementation as (...args: unknown[]) => unknown }
  if (signature !== undefined) value.signature = signature
  return value
}

/** Installs the guards into a JSONata instance (call before its first evaluation). */
export function installGuards(expression: jsonata.Expression, options: { stringGrowthHook?: boolean } = {}): void {
  expression.assign('eval', fn(() => {
    throw new ExpressionGuardError('EXPRESSION_FAILED', '`$eval` is not available in stepwise expressions.')
  }))
  expression.registerFunction('pad', boundedPad as (...args: unknown[]) => unknown, '<s-ns?:s>')
  for (const name of WRAPPED) {
    expression.assign(name, {
      _jsonata_function: true,
      get signature() {
        return originals?.[name].signature
      },
      implementation(this: unknown, ...args: unknown[]) {
        guard(name, args)
        if (originals === undefined) throw new ExpressionGuardError('EXPRESSION_FAILED', `$${name} is not ready.`)
        return originals[name].implementation.apply(this, args)
      },
    })
  }
  // The per-node hook costs an extra await on every node, so it is only installed where an
  // expression can loop (it defines a function); without one, string growth is bounded by the
  // size of the expression and its input, and the wrapped built-ins check their own results.
  if (options.stringGrowthHook === false) return
  expression.assign(Symbol.for('jsonata.__evaluate_exit') as unknown as string, (_expr: unknown, _input: unknown, _env: unknown, result: unknown) => {
    if (typeof result === 'string' && result.length > MAX_STRING_LENGTH) {
      throw new ExpressionGuardError('LIMIT_EXCEEDED', `A string result exceeded the limit of ${MAX_STRING_LENGTH} characters.`, 'maxStringLength')
    }
  })
}

/** `$now()` and `$millis()` fixed to `now` (epoch ms), as bindings for one evaluation. */
export function clockBindings(now: number): Record<string, JsonataFunction> {
  return {
    now: fn(function (this: { environment: { lookup(name: string): JsonataFunction } }, picture?: string, timezone?: string) {
      if (picture === undefined && timezone === undefined) return new Date(now).toISOString()
      checkPicture('now', picture)
      const fromMillis = originals?.fromMillis ?? this.environment.lookup('fromMillis')
      return fromMillis.implementation.call(this, now, picture, timezone)
    }),
    millis: fn(() => now),
  }
}
