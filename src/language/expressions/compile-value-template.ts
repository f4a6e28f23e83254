/**
 * @module
 * `compileValueTemplate`: any JSON value whose strings are templates (tool arguments, `end.output`,
 * inline loop arrays).
 */
import { BoundedCache } from './bounded-cache.js'
import { compileTemplate } from './compile-template.js'
import { unwrapSingleExpression } from './template-segments.js'
import type { CompiledTemplate, CompiledValueTemplate, EvaluationOptions, ExpressionContext, TemplateResult, ValueTemplateResult } from './expression-types.js'

type ValueNode =
  | { kind: 'static'; value: unknown }
  | { kind: 'template'; leaf: number }
  | { kind: 'array'; items: ValueNode[] }
  | { kind: 'object'; entries: [string, ValueNode][] }

interface Leaf {
  pointer: string
  template: CompiledTemplate
  /** For single-expression templates: the expression without its braces. */
  expression: string
}

/** Escapes one JSON Pointer token (`~` → `~0`, `/` → `~1`). */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1')
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value) as unknown
  return proto === Object.prototype || proto === null
}

function compileNode(value: unknown, pointer: string, leaves: Leaf[], depth: number): ValueNode {
  if (depth > 256) return { kind: 'static', value }
  if (typeof value === 'string') {
    const template = compileTemplate(value)
    if (template.isStatic) return { kind: 'static', value }
    leaves.push({ pointer, template, expression: unwrapSingleExpression(value)?.source ?? value.trim() })
    return { kind: 'template', leaf: leaves.length - 1 }
  }
  if (Array.isArray(value)) {
    const items = value.map((item, index) => compileNode(item, `${pointer}/${index}`, leaves, depth + 1))
    return items.every((item) => item.kind === 'static') ? { kind: 'static', value } : { kind: 'array', items }
  }
  if (isPlainObject(value)) {
    const entries = Object.keys(value).map((key): [string, ValueNode] => [key, compileNode(value[key], `${pointer}/${escapePointerToken(key)}`, leaves, depth + 1)])
    return entries.every(([, node]) => node.kind === 'static') ? { kind: 'static', value } : { kind: 'object', entries }
  }
  return { kind: 'static', value }
}

function build(node: ValueNode, results: readonly TemplateResult[]): unknown {
  switch (node.kind) {
    case 'static':
      return node.value
    case 'template':
      return results[node.leaf].value
    case 'array':
      return node.items.map((item) => build(item, results))
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const [key, child] of node.entries) {
        Object.defineProperty(out, key, { value: build(child, results), enumerable: true, writable: true, configurable: true })
      }
      return out
    }
  }
}

function finish(root: ValueNode, leaves: readonly Leaf[], results: readonly TemplateResult[]): ValueTemplateResult {
  const missing: ValueTemplateResult['missing'] = []
  const undefinedWhole: ValueTemplateResult['undefinedWhole'] = []
  leaves.forEach((leaf, index) => {
    const result = results[index]
    if (leaf.template.isSingle) {
      if (result.value === undefined) undefinedWhole.push({ pointer: leaf.pointer, expression: leaf.expression })
    } else {
      for (const expression of result.missing) missing.push({ pointer: leaf.pointer, expression })
    }
  })
  return { value: build(root, results), missing, undefinedWhole }
}

const stringCache = new BoundedCache<string, CompiledValueTemplate>(5000)
const objectCache = new WeakMap<object, CompiledValueTemplate>()

function create(value: unknown): CompiledValueTemplate {
  const leaves: Leaf[] = []
  const root = compileNode(value, '', leaves, 0)
  if (root.kind === 'static') {
    return { isStatic: true, render: () => ({ value, missing: [], undefinedWhole: [] }) }
  }
  return {
    isStatic: false,
    render(context: ExpressionContext, options: EvaluationOptions) {
      let async = false
      const pending = leaves.map((leaf) => {
        const result = leaf.template.render(context, options)
        if (result instanceof Promise) async = true
        return result
      })
      return async ? Promise.all(pending).then((results) => finish(root, leaves, results)) : finish(root, leaves, pending as TemplateResult[])
    },
  }
}

/**
 * Compiles a value whose strings, at any depth of objects and arrays, are templates.
 *
 * - Static values (no `{{` anywhere) → `isStatic`; `render` returns the same value synchronously.
 * - A string that is exactly one `{{ expr }}` becomes the typed value; when it is `undefined` its
 *   JSON Pointer (relative to the value, e.g. `/repo/name`; '' for the value itself) is listed in
 *   `undefinedWhole`.
 * - Text templates render as in `compileTemplate`; their undefined expressions go to `missing`.
 *
 * Memoised by string, and by object identity for objects/arrays (treat compiled values as
 * immutable). Throws `EXPRESSION_FAILED` for an invalid template anywhere in the value.
 */
export function compileValueTemplate(value: unknown): CompiledValueTemplate {
  if (typeof value === 'string') return stringCache.get(value) ?? stringCache.set(value, create(value))
  if (typeof value === 'object' && value !== null) {
    let compiled = objectCache.get(value)
    if (compiled === undefined) {
      compiled = create(value)
      objectCache.set(value, compiled)
    }
    return compiled
  }
  return create(value)
}
