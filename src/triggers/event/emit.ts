/**
 * @module
 * Event triggers: `engine.emit(name, payload)` evaluates every enabled event trigger of the
 * tenant whose `config.event` is `name`: its JSONata `filter` (over the payload) must be truthy,
 * then it dispatches like any trigger (`_payload` = the payload). With `options.id`, emitting the
 * same id again starts nothing new (idempotency key `event:<triggerId>:<id>`).
 */
import { newId } from '../../engine/ids.js'
import type { TriggerInfo } from '../../engine/records.js'
import { StepwiseError } from '../../errors/stepwise-error.js'
import { jsonataBoolean } from '../../language/expressions/index.js'
import type { EmitOptions, EmitResult } from '../api-types.js'
import { nowIso, triggerStorage, type TriggerContext } from '../context.js'
import { recordDelivery } from '../delivery-log.js'
import { dispatch, type DispatchOutcome } from '../dispatch.js'
import type { TriggerRecordOf } from '../trigger-types.js'
import { evaluateOnPayload } from '../variables.js'

/** An event payload as an object: objects as they are (JSON copy), anything else under `value`. */
export function eventPayload(payload: unknown): Record<string, unknown> {
  if (payload === undefined) return {}
  let copy: unknown
  try {
    copy = JSON.parse(JSON.stringify(payload)) as unknown
  } catch (error) {
    throw new StepwiseError('INVALID_ARGUMENT', `The event payload must be JSON: ${(error as Error).message}`)
  }
  return typeof copy === 'object' && copy !== null && !Array.isArray(copy) ? (copy as Record<string, unknown>) : { value: copy }
}

/** Evaluates one event trigger for a payload. */
export async function evaluateEvent(
  ctx: TriggerContext,
  tenantId: string,
  trigger: TriggerRecordOf<'event'>,
  payload: Record<string, unknown>,
  options: { eventId?: string; test: boolean },
): Promise<DispatchOutcome> {
  const receivedAt = nowIso(ctx)
  const name = trigger.config.event
  const base = { eventType: name, payload, test: options.test, receivedAt, ...(options.eventId === undefined ? {} : { deliveryId: options.eventId }) }
  if (trigger.config.filter !== undefined) {
    let pass: boolean
    try {
      pass = jsonataBoolean(await evaluateOnPayload(ctx, trigger.config.filter, payload))
    } catch (error) {
      const failure = StepwiseError.from(error)
      await recordDelivery(ctx, tenantId, trigger, { ...base, outcome: 'error', reason: `filter failed: ${failure.message}` })
      return { outcome: 'error', reason: failure.message, error: failure }
    }
    if (!pass) {
      await recordDelivery(ctx, tenantId, trigger, { ...base, outcome: 'no_match', reason: 'filter is false' })
      return { outcome: 'no_match', reason: 'filter is false' }
    }
  }
  const info: TriggerInfo = { type: 'event', triggerId: trigger.id, name: trigger.name, event: name }
  if (options.eventId !== undefined) info.eventId = options.eventId
  if (options.test) info.test = true
  return dispatch(ctx, {
    tenantId,
    trigger,
    eventType: name,
    payload,
    info,
    idempotencyKey: options.test || options.eventId === undefined ? `${options.test ? 'test' : 'event'}:${trigger.id}:${newId()}` : `event:${trigger.id}:${options.eventId}`,
    test: options.test,
    receivedAt,
    ...(options.eventId === undefined ? {} : { deliveryId: options.eventId }),
  })
}

/** `engine.emit`: evaluates every matching event trigger; one result per trigger evaluated. */
export async function emitEvent(ctx: TriggerContext, tenantId: string, name: string, payload: unknown, options: EmitOptions = {}): Promise<EmitResult[]> {
  if (typeof name !== 'string' || name === '') throw new StepwiseError('INVALID_ARGUMENT', 'emit(name, payload): name must be a non-empty string.')
  if (options.id !== undefined && (typeof options.id !== 'string' || options.id === '')) throw new StepwiseError('INVALID_ARGUMENT', 'emit: options.id must be a non-empty string.')
  const body = eventPayload(payload)
  const triggers = (await triggerStorage(ctx).listTriggers(tenantId, { type: 'event', enabled: true })) as TriggerRecordOf<'event'>[]
  const matching = triggers.filter((t) => t.config.event === name)
  const outcomes = await Promise.all(
    matching.map((trigger) => evaluateEvent(ctx, tenantId, trigger, body, { test: false, ...(options.id === undefined ? {} : { eventId: options.id }) })),
  )
  return outcomes.map((outcome, i) => {
    const result: EmitResult = { triggerId: matching[i].id, outcome: outcome.outcome }
    if (outcome.executionId !== undefined) result.executionId = outcome.executionId
    if (outcome.reason !== undefined) result.reason = outcome.reason
    return result
  })
}
