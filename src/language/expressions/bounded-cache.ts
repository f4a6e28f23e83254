/**
 * @module
 * A size-bounded memo map (insertion order eviction) for compiled expressions and templates.
 */

/** A Map that forgets its oldest entry once it holds `capacity` entries. */
export class BoundedCache<TKey, TValue> {
  readonly #entries = new Map<TKey, TValue>()
  readonly #capacity: number

  /** Creates a cache holding at most `capacity` entries. */
  constructor(capacity: number) {
    this.#capacity = capacity
  }

  /** The cached value, if any. */
  get(key: TKey): TValue | undefined {
    return this.#entries.get(key)
  }

  /** Caches `value` (evicting the oldest entry when full) and returns it. */
  set(key: TKey, value: TValue): TValue {
    if (this.#entries.size >= this.#capacity && !this.#entries.has(key)) {
      const oldest = this.#entries.keys().next()
      if (oldest.done !== true) this.#entries.delete(oldest.value)
    }
    this.#entries.set(key, value)
    return value
  }

  /** Number of cached entries. */
  get size(): number {
    return this.#entries.size
  }
}
