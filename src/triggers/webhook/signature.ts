/**
 * @module
 * Webhook signatures, checked over the raw body bytes with a constant-time compare:
 *
 * - `X-Webhook-Signature` or `X-Hub-Signature-256`: `sha256=<hex>` (or bare hex) of
 *   HMAC-SHA256(secret as UTF-8 text, body) — GitHub's scheme.
 * - Standard Webhooks: `webhook-id`, `webhook-timestamp` (unix seconds, at most 5 minutes from the
 *   engine clock either way), `webhook-signature: v1,<base64>` (space-separated list) of
 *   HMAC-SHA256(key, `<id>.<timestamp>.<body>`), the key being the base64 part of a `whsec_…`
 *   secret (or the secret's UTF-8 bytes otherwise).
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

/** Standard Webhooks timestamp tolerance (either direction). */
export const SIGNATURE_TOLERANCE_MS = 5 * 60_000

/** Result of {@link verifySignature}. */
export type SignatureCheck = { ok: true; scheme: 'hmac-sha256' | 'standard-webhooks' } | { ok: false; reason: string }

function safeEqual(expected: Buffer, given: Buffer): boolean {
  return expected.length === given.length && timingSafeEqual(expected, given)
}

function standardKey(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice('whsec_'.length), 'base64') : Buffer.from(secret, 'utf8')
}

/** Verifies a request signed with `secret`. */
export function verifySignature(secret: string, headers: Headers, body: Uint8Array, nowMs: number): SignatureCheck {
  const standard = headers.get('webhook-signature')
  if (standard !== null) {
    const id = headers.get('webhook-id')
    const timestamp = headers.get('webhook-timestamp')
    if (id === null || timestamp === null) return { ok: false, reason: 'webhook-signature without webhook-id and webhook-timestamp' }
    if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'webhook-timestamp is not unix seconds' }
    if (Math.abs(nowMs - Number(timestamp) * 1000) > SIGNATURE_TOLERANCE_MS) return { ok: false, reason: 'webhook-timestamp outside the 5-minute tolerance' }
    const expected = createHmac('sha256', standardKey(secret)).update(`${id}.${timestamp}.`).update(body).digest()
    for (const entry of standard.split(' ')) {
      const [version, signature] = entry.split(',', 2)
      if (version === 'v1' && signature !== undefined && safeEqual(expected, Buffer.from(signature, 'base64'))) return { ok: true, scheme: 'standard-webhooks' }
    }
    return { ok: false, reason: 'invalid signature' }
  }
  const header = headers.get('x-hub-signature-256') ?? headers.get('x-webhook-signature')
  if (header === null) return { ok: false, reason: 'missing signature' }
  const hex = header.trim().replace(/^sha256=/i, '')
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return { ok: false, reason: 'invalid signature' }
  const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(body).digest()
  return safeEqual(expected, Buffer.from(hex, 'hex')) ? { ok: true, scheme: 'hmac-sha256' } : { ok: false, reason: 'invalid signature' }
}
