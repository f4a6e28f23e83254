/**
 * @module
 * Makes sure a document is JSON data (no cycles, functions, class instances, non-finite numbers,
 * absurd depth, no `__proto__` keys) before anything walks it recursively.
 */
import { RESERVED_NAME_ERROR } from '../step-base-schema.js'
import type { ValidationIssue } from '../workflow-types.js'
import { escapePointerToken } from './json-pointer.js'

/** Deepest nesting of any JSON value in a document. */
export const MAX_JSON_DEPTH = 200
const MAX_REPORTED = 20

function describe(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined
    case 'number':
      return Number.isFinite(value) ? undefined : `the number ${String(value)} is not valid JSON`
    case 'object': {
      if (value === null || Array.isArray(value)) return undefined
      const proto = Object.getPrototypeOf(value) as unknown
      return proto === Object.prototype || proto === null ? undefined : `a ${(value as object).constructor?.name ?? 'class'} instance is not JSON data`
    }
    default:
      return `a ${typeof value} is not JSON data`
  }
}

/** Issues for every non-JSON part of `document` (at most 20); `[]` when it is JSON data. */
export function checkJsonSafety(document: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = []
  const onPath = new Set<object>()
  type Frame = { value: unknown; path: string; depth: number } | { exit: object }
  const stack: Frame[] = [{ value: document, path: '', depth: 0 }]
  while (stack.length > 0 && issues.length < MAX_REPORTED) {
    const frame = stack.pop() as Frame
    if ('exit' in frame) {
      onPath.delete(frame.exit)
      continue
    }
    const { value, path, depth } = frame
    const problem = describe(value)
    if (problem !== undefined) {
      issues.push({ path, code: 'invalid_json', message: `Invalid value: ${problem}.` })
      continue
    }
    if (typeof value !== 'object' || value === null) continue
    if (onPath.has(value)) {
      issues.push({ path, code: 'invalid_json', message: 'The document contains a cycle (an object that contains itself).' })
      continue
    }
    if (depth >= MAX_JSON_DEPTH) {
      issues.push({ path, code: 'limit', message: `The document is nested more than ${MAX_JSON_DEPTH} levels deep.` })
      continue
    }
    onPath.add(value)
    stack.push({ exit: value })
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i -= 1) {
        if (value[i] === undefined) issues.push({ path: `${path}/${i}`, code: 'invalid_json', message: 'Invalid value: `undefined` in an array is not JSON data.' })
        else stack.push({ value: value[i], path: `${path}/${i}`, depth: depth + 1 })
      }
    } else {
      const keys = Object.keys(value)
      for (let i = keys.length - 1; i >= 0; i -= 1) {
        if (keys[i] === '__proto__') issues.push({ path: `${path}/__proto__`, code: 'invalid_field', message: RESERVED_NAME_ERROR })
        const item = (value as Record<string, unknown>)[keys[i]]
        if (item !== undefined) stack.push({ value: item, path: `${path}/${escapePointerToken(keys[i])}`, depth: depth + 1 })
      }
    }
  }
  return issues
}
