/**
 * @module
 * JSON Pointer helpers (RFC 6901) for issue paths and for rebuilding normalised steps.
 */
import { escapePointerToken } from '../expressions/compile-value-template.js'

export { escapePointerToken }

/** Pointer of a path of keys/indexes below `base`. */
export function pointerOf(base: string, path: readonly PropertyKey[]): string {
  return base + path.map((token) => `/${escapePointerToken(String(token))}`).join('')
}

/** Parses a pointer (`/a/0/b~1c`) into tokens. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
}

/** Reads the value at `tokens` (own properties only), or `undefined`. */
export function valueAt(root: unknown, tokens: readonly PropertyKey[]): unknown {
  let current = root
  for (const token of tokens) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, token)) return undefined
    current = (current as Record<PropertyKey, unknown>)[token]
  }
  return current
}

/**
 * Writes values into a copy of a step: containers along each pointer are copied once (then
 * reused), so writing many children of one array stays linear.
 */
export class PointerWriter {
  readonly #fresh = new WeakSet<object>()
  /** The copy being written. */
  readonly root: Record<string, unknown>

  /** Starts from a shallow copy of `source`. */
  constructor(source: Record<string, unknown>) {
    this.root = { ...source }
    this.#fresh.add(this.root)
  }

  /** Sets `value` at `pointer` (relative to the root); missing containers are left alone. */
  set(pointer: string, value: unknown): void {
    const tokens = parsePointer(pointer)
    if (tokens.length === 0) return
    let container: Record<string, unknown> | unknown[] = this.root
    for (let i = 0; i < tokens.length - 1; i += 1) {
      const token = tokens[i]
      const next = (container as Record<string, unknown>)[token]
      if (typeof next !== 'object' || next === null) return
      let copy = next as Record<string, unknown> | unknown[]
      if (!this.#fresh.has(copy)) {
        copy = Array.isArray(copy) ? [...copy] : { ...copy }
        this.#fresh.add(copy)
        Object.defineProperty(container, token, { value: copy, enumerable: true, writable: true, configurable: true })
      }
      container = copy
    }
    Object.defineProperty(container, tokens[tokens.length - 1], { value, enumerable: true, writable: true, configurable: true })
  }
}
