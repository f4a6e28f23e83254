import { randomBytes } from 'node:crypto'

let lastMs = 0
let counter = 0
let pool = Buffer.alloc(0)
let offset = 0

/** `n` bytes from a pooled CSPRNG buffer (one `randomBytes` call per 4 KiB instead of one per id). */
function randomPooled(n: number): Buffer {
  if (offset + n > pool.length) {
    pool = randomBytes(4096)
    offset = 0
  }
  const bytes = Buffer.from(pool.subarray(offset, offset + n))
  // Bytes handed out are wiped from the pool so they can never be handed out twice.
  pool.fill(0, offset, offset + n)
  offset += n
  return bytes
}

/**
 * A UUIDv7-style id: time-ordered (real time, then a monotonic counter) with random bits, so
 * ids sort in creation order even when many are created in one millisecond.
 */
export function newId(): string {
  const ms = Date.now()
  if (ms === lastMs) counter = (counter + 1) & 0xfff
  else {
    lastMs = ms
    counter = 0
  }
  const random = randomPooled(8)
  const time = ms.toString(16).padStart(12, '0')
  const seq = (0x7000 | counter).toString(16)
  random[0] = (random[0] & 0x3f) | 0x80
  const tail = random.toString('hex')
  // join() yields a flat string (a template literal would keep a rope of 9 pieces alive per id).
  return [time.slice(0, 8), time.slice(8, 12), seq, tail.slice(0, 4), tail.slice(4, 16)].join('-')
}

/** A random secret token for link approvals (256 bits, base64url). */
export function newToken(): string {
  return ['apr', randomPooled(32).toString('base64url')].join('_')
}
