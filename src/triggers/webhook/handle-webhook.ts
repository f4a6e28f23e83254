/**
 * @module
 * `engine.handleWebhook(request)`: a Fetch-API handler for webhook triggers. Order: path (404) →
 * enabled (404) → method (405) → body cap (413) → signature (401) → filter (200 no_match) →
 * dispatch: 202 new execution, 200 duplicate delivery, 429 at the concurrency cap.
 */
import { createHash } from 'node:crypto'
import { nowIso, triggerStorage, type TriggerContext } from '../context.js'
import { recordDelivery } from '../delivery-log.js'
import type { DispatchOutcome } from '../dispatch.js'
import type { TriggerRecordOf } from '../trigger-types.js'
import { parsePayload, readBody } from './body.js'
import { evaluateWebhook } from './evaluate.js'
import { webhookPathOf } from './path.js'
import { verifySignature } from './signature.js'

const DELIVERY_HEADERS = ['x-github-delivery', 'x-request-id', 'x-webhook-id', 'webhook-id']
/** Client errors of a dispatch (bad payload for the workflow) rather than server faults. */
const CLIENT_ERRORS = new Set(['VARIABLES_INVALID', 'EXPRESSION_FAILED', 'LIMIT_EXCEEDED'])

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })
}

function failure(status: number, code: string, message: string, headers?: Record<string, string>): Response {
  return json(status, { error: { code, message } }, headers)
}

/** The delivery id: a provider header, else `sha256:<hex of signature + ":" + body>`. */
export function deliveryIdOf(headers: Headers, body: Uint8Array): string {
  for (const name of DELIVERY_HEADERS) {
    const value = headers.get(name)
    if (value !== null && value.trim() !== '') return value.trim().slice(0, 200)
  }
  const signature = headers.get('webhook-signature') ?? headers.get('x-hub-signature-256') ?? headers.get('x-webhook-signature') ?? ''
  return `sha256:${createHash('sha256').update(`${signature}:`).update(body).digest('hex')}`
}

/** Maps a dispatch outcome to the HTTP answer. */
export function webhookResponse(outcome: DispatchOutcome): Response {
  switch (outcome.outcome) {
    case 'matched':
      return json(202, { executionId: outcome.executionId, outcome: 'matched' })
    case 'duplicate':
      return json(200, { executionId: outcome.executionId, duplicate: true, outcome: 'duplicate' })
    case 'no_match':
      return json(200, { outcome: 'no_match', reason: outcome.reason })
    case 'concurrency_cap':
      return failure(429, 'LIMIT_EXCEEDED', `Concurrency limit reached: ${outcome.reason ?? ''}`, { 'retry-after': '60' })
    case 'workflow_missing':
      return failure(404, 'NOT_FOUND', `The trigger's ${outcome.reason ?? 'workflow was not found'}.`)
    default: {
      const code = outcome.error?.code ?? 'INTERNAL'
      return failure(CLIENT_ERRORS.has(code) ? 400 : 500, code, outcome.reason ?? 'Dispatch failed.')
    }
  }
}

/** Serves one webhook request for a tenant. Never throws. */
export async function handleWebhook(ctx: TriggerContext, tenantId: string, request: Request): Promise<Response> {
  const receivedAt = nowIso(ctx)
  let url: URL
  try {
    url = new URL(request.url)
  } catch {
    return failure(404, 'NOT_FOUND', 'Unknown webhook.')
  }
  const path = webhookPathOf(url)
  if (path === undefined) return failure(404, 'NOT_FOUND', 'Unknown webhook.')
  try {
    const found = await triggerStorage(ctx).findTriggerByWebhookPath(tenantId, path)
    if (found === undefined || found.type !== 'webhook' || !found.enabled) return failure(404, 'NOT_FOUND', `No webhook at /webhooks/${path}.`)
    const trigger = found
    const reject = async (outcome: 'no_match' | 'invalid_signature', reason: string, preview?: unknown): Promise<void> => {
      await recordDelivery(ctx, tenantId, trigger, { outcome, reason, eventType: path, payload: preview, receivedAt })
    }
    const method = trigger.config.method ?? 'POST'
    if (request.method.toUpperCase() !== method) {
      await reject('no_match', `method ${request.method} not allowed (${method})`)
      return failure(405, 'METHOD_NOT_ALLOWED', `Use ${method} for this webhook.`, { allow: method })
    }
    const body = await readBody(request, ctx.options.webhookMaxBodyBytes)
    if (body === undefined) {
      await reject('no_match', `body larger than ${ctx.options.webhookMaxBodyBytes} bytes`)
      return failure(413, 'LIMIT_EXCEEDED', `The body exceeds ${ctx.options.webhookMaxBodyBytes} bytes.`)
    }
    if (trigger.config.secret !== undefined) {
      const check = verifySignature(trigger.config.secret, request.headers, body, ctx.core.now())
      if (!check.ok) {
        await reject('invalid_signature', check.reason, Buffer.from(body).toString('utf8'))
        return failure(401, 'WEBHOOK_SIGNATURE_INVALID', `Webhook signature rejected: ${check.reason}.`)
      }
    }
    const deliveryId = deliveryIdOf(request.headers, body)
    const outcome = await evaluateWebhook(ctx, tenantId, trigger as TriggerRecordOf<'webhook'>, {
      payload: parsePayload(body, request.headers.get('content-type'), url),
      headers: request.headers,
      deliveryId,
      idempotencyKey: `webhook:${trigger.id}:${deliveryId}`,
      test: false,
      receivedAt,
    })
    return webhookResponse(outcome)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const code = (error as { code?: unknown }).code
    return failure(500, typeof code === 'string' ? code : 'INTERNAL', message)
  }
}

