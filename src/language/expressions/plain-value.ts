/**
 * @module
 * Conversion of JSONata results to ordinary JavaScript values, and JSONata's boolean cast.
 */

function isJsonataFunction(value: object): boolean {
  const record = value as Record<string, unknown>
  return record._jsonata_lambda === true || record._jsonata_function === true
}

/** A class's prototype (`Date.prototype`…): its own `constructor` is a function pointing back to it. JSON data cannot forge one. */
function isClassPrototype(proto: object): boolean {
  const constructor = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value as { prototype?: unknown } | undefined
  return typeof constructor === 'function' && constructor.prototype === proto
}

/**
 * Converts a JSONata result into plain data: sequences become ordinary arrays, null-prototype
 * objects become plain objects, an object whose prototype is data (a `__proto__` key a transform
 * assigned) gets it back as an own `__proto__` key, functions (lambdas, regexes, built-ins) become `undefined` (and
 * are dropped from objects). Values that need no change are returned as the same reference.
 */
export function toPlainValue(value: unknown): unknown {
  return convert(value, new Map())
}

function convert(value: unknown, seen: Map<object, unknown>): unknown {
  if (typeof value === 'function') return undefined
  if (typeof value !== 'object' || value === null) return value
  if (seen.has(value)) return seen.get(value)
  if (Array.isArray(value)) {
    const items: unknown[] = new Array<unknown>(value.length)
    seen.set(value, items)
    let changed = Object.hasOwn(value, 'sequence') || Object.getPrototypeOf(value) !== Array.prototype
    for (let i = 0; i < value.length; i += 1) {
      const item = convert(value[i], seen)
      if (item !== value[i]) changed = true
      items[i] = item
    }
    if (changed) return items
    seen.set(value, value)
    return value
  }
  if (isJsonataFunction(value)) return undefined
  const proto = Object.getPrototypeOf(value) as object | null
  // A prototype that is data, not a class's: JSONata's transform assigns an update's `__proto__`
  // key as the prototype. It is kept as an ordinary `__proto__` key, like JSON.parse keeps one.
  const dataPrototype = proto !== Object.prototype && proto !== null && !isClassPrototype(proto)
  if (proto !== Object.prototype && proto !== null && !dataPrototype) return value
  const out: Record<string, unknown> = {}
  seen.set(value, out)
  let changed = proto === null || dataPrototype
  if (dataPrototype) Object.defineProperty(out, '__proto__', { value: convert(proto, seen), enumerable: true, writable: true, configurable: true })
  for (const key of Object.keys(value)) {
    const original = (value as Record<string, unknown>)[key]
    const item = convert(original, seen)
    if (item !== original) changed = true
    if (item !== undefined) Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true })
  }
  if (changed) return out
  seen.set(value, value)
  return value
}

/**
 * JSONata's `$boolean` cast, with `undefined` → false: strings are true when non-empty, numbers
 * when non-zero, objects when they have keys, arrays when any item is true, functions false.
 */
export function jsonataBoolean(value: unknown): boolean {
  if (value === undefined || value === null) return false
  if (Array.isArray(value)) {
    if (value.length === 1) return jsonataBoolean(value[0])
    return value.some((item) => jsonataBoolean(item))
  }
  if (typeof value === 'string') return value.length > 0
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value)
  if (typeof value === 'boolean') return value
  if (typeof value === 'object') return !isJsonataFunction(value) && Object.keys(value).length > 0
  return false
}
