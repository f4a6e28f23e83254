/**
 * @module
 * Reading a webhook body under a byte cap, and turning it into `_payload`.
 */

/** Reads the raw body; `undefined` when it exceeds `maxBytes` (checked before and while reading). */
export async function readBody(request: Request, maxBytes: number): Promise<Uint8Array | undefined> {
  const declared = request.headers.get('content-length')
  if (declared !== null && Number(declared) > maxBytes) return undefined
  if (request.body === null) return new Uint8Array(0)
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined)
      return undefined
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function fromEntries(params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of params) {
    const existing = out[key]
    out[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value]
  }
  return out
}

/**
 * `_payload`: the JSON body (a non-object JSON value lands under `body`; an unparsable body gives
 * `{}`), or a form body's fields (GitHub's form mode `payload=<json>` is unwrapped), with the
 * URL's query parameters under `query` (repeated keys become arrays).
 */
export function parsePayload(body: Uint8Array, contentType: string | null, url: URL): Record<string, unknown> {
  const text = Buffer.from(body).toString('utf8')
  let payload: Record<string, unknown> = {}
  if (text.trim() !== '') {
    if ((contentType ?? '').toLowerCase().includes('application/x-www-form-urlencoded')) {
      payload = fromEntries(new URLSearchParams(text))
      if (typeof payload.payload === 'string' && Object.keys(payload).length === 1) {
        try {
          const inner: unknown = JSON.parse(payload.payload)
          if (isObject(inner)) payload = inner
        } catch {
          // Keep the form fields.
        }
      }
    } else {
      try {
        const parsed: unknown = JSON.parse(text)
        payload = isObject(parsed) ? parsed : { body: parsed }
      } catch {
        payload = {}
      }
    }
  }
  return { ...payload, query: fromEntries(url.searchParams) }
}
