/**
 * @module
 * Content hash of JSON documents that does not depend on key order.
 */
import { createHash } from 'node:crypto'
import { StepwiseError } from '../errors/stepwise-error.js'

/**
 * Canonical JSON text of a value: object keys sorted (by UTF-16 code units) at every depth,
 * arrays in order, `undefined`/function/symbol properties dropped, and the rest as
 * `JSON.stringify` writes it (`toJSON` honoured, non-finite numbers as `null`, `undefined` array
 * items as `null`). Throws `INTERNAL` on cycles and BigInt.
 */
export function canonicalJson(value: unknown): string {
  const parts: string[] = []
  write(value, parts, new Set())
  return parts.join('')
}

function write(input: unknown, out: string[], ancestors: Set<object>): void {
  let value = input
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(): unknown }).toJSON()
  }
  if (value === null || value === undefined || typeof value === 'function' || typeof value === 'symbol') {
    out.push('null')
    return
  }
  if (typeof value === 'bigint') throw new StepwiseError('INTERNAL', 'Cannot hash a BigInt value: convert it to a number or string.')
  if (typeof value !== 'object') {
    out.push(JSON.stringify(value) ?? 'null')
    return
  }
  if (ancestors.has(value)) throw new StepwiseError('INTERNAL', 'Cannot hash a value that contains a cycle.')
  ancestors.add(value)
  if (Array.isArray(value)) {
    out.push('[')
    value.forEach((item, index) => {
      if (index > 0) out.push(',')
      write(item, out, ancestors)
    })
    out.push(']')
  } else {
    const record = value as Record<string, unknown>
    const keys = Object.keys(record).sort()
    out.push('{')
    let first = true
    for (const key of keys) {
      const item = record[key]
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue
      if (!first) out.push(',')
      first = false
      out.push(JSON.stringify(key), ':')
      write(item, out, ancestors)
    }
    out.push('}')
  }
  ancestors.delete(value)
}

/**
 * `sha256:<hex>` of the {@link canonicalJson} of `value`. Key order never changes the hash; any
 * change of content does.
 *
 * @example
 * ```ts
 * canonicalHash({ b: 1, a: 2 }) === canonicalHash({ a: 2, b: 1 }) // true
 * ```
 */
export function canonicalHash(value: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(value)).digest('hex')}`
}
