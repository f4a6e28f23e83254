/**
 * @module
 * The fast path for plain dotted paths, and the rewriting that keeps hyphenated step ids usable.
 *
 * Rules (they are part of the expression language):
 * - A **path** is `<root>(.<segment>)*` with root `variables`, `outputs`, `steps`, `loop`,
 *   `execution` or `error`. A segment is a name `[A-Za-z_][A-Za-z0-9_]*` or digits.
 * - Right after `outputs.` and `steps.` the segment is a step id or output name: it may contain
 *   hyphens and start with a digit (`outputs.fetch-data.count`, `steps.2nd.status`). Everywhere
 *   else a hyphen is the minus operator, so `variables.a-b` is not a path.
 * - A digits segment indexes an array: `outputs.list.0` is JSONata `outputs.list[0]`.
 * - A path is evaluated without JSONata: it walks own properties only (`__proto__`,
 *   `constructor` … give `undefined`). When the walk meets an array followed by a name, or a
 *   non-array followed by digits, it falls back to JSONata (which maps over arrays), so a path
 *   always gives what JSONata gives for its rewritten form.
 * - In any other expression, a hyphenated (or digit-first) name right after `outputs.`/`steps.`
 *   is rewritten to a backtick name before JSONata compiles it:
 *   `outputs.fetch-data.count > 3` → `` outputs.`fetch-data`.count > 3 ``. Write spaces around a
 *   minus that follows such a name (`outputs.count - 1`).
 */
import type { ExpressionContext } from './expression-types.js'
import { lexJsonata } from './jsonata-lexer.js'

/** Roots of the expression context. */
export const CONTEXT_ROOTS = ['variables', 'outputs', 'steps', 'loop', 'execution', 'error'] as const

/** A root of the expression context. */
export type ContextRoot = (typeof CONTEXT_ROOTS)[number]

/** A parsed plain path. Numbers are array indexes. */
export interface PathExpression {
  /** The context root. */
  root: ContextRoot
  /** The segments after the root. */
  segments: (string | number)[]
}

const ROOT_SET: ReadonlySet<string> = new Set(CONTEXT_ROOTS)
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
const DIGITS = /^\d{1,15}$/
const STEP_NAME = /^[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*$/

/** Parses a plain dotted path, or returns `undefined` when `source` is not one. */
export function parsePathExpression(source: string): PathExpression | undefined {
  const parts = source.trim().split('.')
  const root = parts[0]
  if (!ROOT_SET.has(root)) return undefined
  const segments: (string | number)[] = []
  for (let i = 1; i < parts.length; i += 1) {
    const part = parts[i]
    if (i === 1 && (root === 'outputs' || root === 'steps')) {
      if (!STEP_NAME.test(part)) return undefined
      segments.push(part)
    } else if (DIGITS.test(part)) segments.push(Number(part))
    else if (NAME.test(part)) segments.push(part)
    else return undefined
  }
  return { root: root as ContextRoot, segments }
}

/** Marker returned by {@link walkPath} when JSONata semantics are needed. */
export const NEEDS_JSONATA: unique symbol = Symbol('stepwise.needsJsonata')

/** Value of a context root. */
export function rootValue(context: ExpressionContext, root: ContextRoot): unknown {
  switch (root) {
    case 'variables':
      return context.variables
    case 'outputs':
      return context.outputs
    case 'steps':
      return context.steps
    case 'loop':
      return context.loop
    case 'execution':
      return context.execution
    case 'error':
      return context.error
  }
}

/** Walks a path over own properties; returns {@link NEEDS_JSONATA} where JSONata would map over an array. */
export function walkPath(path: PathExpression, context: ExpressionContext): unknown {
  let current = rootValue(context, path.root)
  for (const segment of path.segments) {
    if (current === undefined || current === null) return undefined
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return NEEDS_JSONATA
      current = Object.hasOwn(current, segment) ? (current as unknown[])[segment] : undefined
    } else {
      if (Array.isArray(current)) return NEEDS_JSONATA
      if (typeof current !== 'object') return undefined
      current = Object.hasOwn(current, segment) ? (current as Record<string, unknown>)[segment] : undefined
    }
  }
  return current
}

/** The JSONata spelling of a path: names in backticks, indexes as `[n]`. */
export function pathToJsonata(path: PathExpression): string {
  return path.root + path.segments.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.\`${segment}\``)).join('')
}

const STEP_REFERENCE = /(?<![A-Za-z0-9_$.])(outputs|steps)\.([A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*)/g

/** Rewrites hyphenated or digit-first names right after `outputs.`/`steps.` into backtick names (code only, never inside literals). */
export function rewriteStepReferences(source: string): string {
  if (!source.includes('-') && !/(?:outputs|steps)\.\d/.test(source)) return source
  const { regions } = lexJsonata(source)
  let out = ''
  for (const region of regions) {
    const text = source.slice(region.start, region.end)
    out +=
      region.kind !== 'code'
        ? text
        : text.replace(STEP_REFERENCE, (match: string, root: string, name: string) => (NAME.test(name) ? match : `${root}.\`${name}\``))
  }
  return out
}
