/**
 * @module
 * Evaluating a webhook delivery that passed the transport checks (path, method, size,
 * signature) — also the path of `fire()` on a webhook trigger.
 */
import type { TriggerInfo } from '../../engine/records.js'
import type { TriggerContext } from '../context.js'
import { recordDelivery } from '../delivery-log.js'
import { dispatch, type DispatchOutcome } from '../dispatch.js'
import type { TriggerRecordOf } from '../trigger-types.js'
import { webhookFilterMismatch } from './github-filter.js'

/**
 * Headers never copied into `_trigger.headers`: credentials and signatures (`Authorization`,
 * cookies, `X-Api-Key`, GitLab's plain `X-Gitlab-Token`, `Stripe-Signature`, `X-Shopify-Hmac-Sha256`…).
 */
const SECRET_HEADER = /authorization|cookie|token|secret|signature|hmac|api-?key|password|credential|session/i

/** Request headers a workflow may read (`_trigger.headers`), without credentials or signatures. */
export function visibleHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {}
  headers.forEach((value, name) => {
    if (!SECRET_HEADER.test(name)) out[name.toLowerCase()] = value
  })
  return out
}

/** A delivery to evaluate. */
export interface WebhookDelivery {
  /** `_payload`. */
  payload: Record<string, unknown>
  /** Request headers. */
  headers: Headers
  /** Delivery id (header or derived). */
  deliveryId: string
  /** Start idempotency key. */
  idempotencyKey: string
  /** Test fire. */
  test: boolean
  /** ISO time received. */
  receivedAt: string
}

/** Applies the GitHub-style filter, then dispatches. */
export async function evaluateWebhook(ctx: TriggerContext, tenantId: string, trigger: TriggerRecordOf<'webhook'>, delivery: WebhookDelivery): Promise<DispatchOutcome> {
  const event = delivery.headers.get('x-github-event') ?? undefined
  const eventType = event ?? trigger.config.path
  const mismatch = webhookFilterMismatch(trigger.config.filter, event, delivery.payload)
  if (mismatch !== undefined) {
    await recordDelivery(ctx, tenantId, trigger, {
      outcome: 'no_match',
      reason: mismatch,
      eventType,
      deliveryId: delivery.deliveryId,
      payload: delivery.payload,
      test: delivery.test,
      receivedAt: delivery.receivedAt,
    })
    return { outcome: 'no_match', reason: mismatch }
  }
  const info: TriggerInfo = {
    type: 'webhook',
    triggerId: trigger.id,
    name: trigger.name,
    path: trigger.config.path,
    method: trigger.config.method ?? 'POST',
    deliveryId: delivery.deliveryId,
    headers: visibleHeaders(delivery.headers),
  }
  if (event !== undefined) info.event = event
  if (delivery.test) info.test = true
  return dispatch(ctx, {
    tenantId,
    trigger,
    eventType,
    payload: delivery.payload,
    info,
    idempotencyKey: delivery.idempotencyKey,
    deliveryId: delivery.deliveryId,
    test: delivery.test,
    receivedAt: delivery.receivedAt,
  })
}
