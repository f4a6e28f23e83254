/**
 * @module
 * Webhook paths: `[A-Za-z0-9._~-]` segments separated by `/`, compared exactly (after trimming
 * slashes), unique per tenant. A request is served when its URL path contains `/webhooks/<path>`.
 */

const SEGMENT = /^[A-Za-z0-9._~-]+$/

/** Maximum length of a webhook path. */
export const MAX_WEBHOOK_PATH = 200

/** The normalised path, or `undefined` when it is not a valid webhook path. */
export function normalizeWebhookPath(path: unknown): string | undefined {
  if (typeof path !== 'string') return undefined
  const trimmed = path.trim().replace(/^\/+|\/+$/g, '')
  if (trimmed === '' || trimmed.length > MAX_WEBHOOK_PATH) return undefined
  const segments = trimmed.split('/')
  return segments.every((s) => SEGMENT.test(s) && s !== '.' && s !== '..') ? trimmed : undefined
}

/** The webhook path of a request URL (after the first `/webhooks/`), or `undefined`. */
export function webhookPathOf(url: URL): string | undefined {
  const marker = '/webhooks/'
  const index = url.pathname.indexOf(marker)
  if (index < 0) return undefined
  let rest: string
  try {
    rest = url.pathname
      .slice(index + marker.length)
      .split('/')
      .map((segment) => decodeURIComponent(segment))
      .join('/')
  } catch {
    return undefined
  }
  return normalizeWebhookPath(rest)
}
