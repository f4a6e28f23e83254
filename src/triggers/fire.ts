/**
 * @module
 * `engine.triggers.fire(id, payload)`: one evaluation through the same dispatcher as real
 * deliveries. Manual triggers run normally; the other types are test fires (marked `test`, with
 * a fresh idempotency key): a schedule skips cron matching and tick claims, a webhook skips its
 * signature (its filter still applies, with `options.headers`), an event trigger applies its filter.
 */
import { newId } from '../engine/ids.js'
import type { TriggerInfo } from '../engine/records.js'
import type { FireOptions, FireResult } from './api-types.js'
import { nowIso, type TriggerContext } from './context.js'
import { dispatch, type DispatchOutcome } from './dispatch.js'
import { evaluateEvent, eventPayload } from './event/emit.js'
import { fireManual } from './manual/fire-manual.js'
import type { TriggerRecord } from './trigger-types.js'
import { evaluateWebhook } from './webhook/evaluate.js'

async function fireSchedule(ctx: TriggerContext, tenantId: string, trigger: Extract<TriggerRecord, { type: 'schedule' }>, payload: unknown): Promise<DispatchOutcome> {
  const now = nowIso(ctx)
  const info: TriggerInfo = {
    type: 'schedule',
    triggerId: trigger.id,
    name: trigger.name,
    cron: trigger.config.cron,
    timezone: trigger.config.timezone ?? 'UTC',
    tick: now,
    backfilled: false,
    test: true,
  }
  return dispatch(ctx, {
    tenantId,
    trigger,
    eventType: 'cron',
    info,
    preview: payload === undefined ? info : payload,
    ...(payload === undefined ? {} : { payload: eventPayload(payload) }),
    idempotencyKey: `test:${trigger.id}:${newId()}`,
    test: true,
    receivedAt: now,
    tick: now,
  })
}

/** Fires a trigger once. */
export async function fireTrigger(ctx: TriggerContext, tenantId: string, trigger: TriggerRecord, payload: unknown, options: FireOptions = {}): Promise<FireResult> {
  let outcome: DispatchOutcome
  switch (trigger.type) {
    case 'manual':
      outcome = await fireManual(ctx, tenantId, trigger, eventPayload(payload))
      break
    case 'schedule':
      outcome = await fireSchedule(ctx, tenantId, trigger, payload)
      break
    case 'webhook': {
      const deliveryId = `test:${newId()}`
      outcome = await evaluateWebhook(ctx, tenantId, trigger, {
        payload: { ...eventPayload(payload), query: {} },
        headers: new Headers(options.headers),
        deliveryId,
        idempotencyKey: `test:${trigger.id}:${deliveryId}`,
        test: true,
        receivedAt: nowIso(ctx),
      })
      break
    }
    case 'event':
      outcome = await evaluateEvent(ctx, tenantId, trigger, eventPayload(payload), { test: true })
      break
  }
  const result: FireResult = { outcome: outcome.outcome }
  if (outcome.executionId !== undefined) result.executionId = outcome.executionId
  if (outcome.reason !== undefined) result.reason = outcome.reason
  return result
}
