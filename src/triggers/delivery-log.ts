/**
 * @module
 * The delivery log: one record per trigger evaluation, written best-effort (a storage failure
 * never breaks dispatch) and published as a `trigger.delivery` event.
 */
import { newId } from '../engine/ids.js'
import type { TriggerDeliveryEvent } from '../engine/events.js'
import { nowIso, triggerStorage, type TriggerContext } from './context.js'
import type { DeliveryOutcome, TriggerDelivery, TriggerRecord } from './trigger-types.js'

/** Preview size of `matched` records, in bytes. */
export const PREVIEW_MATCHED_BYTES = 8192
/** Preview size of every other record, in bytes. */
export const PREVIEW_OTHER_BYTES = 512

/** JSON (or the text itself) of a payload, cut to `maxBytes` of UTF-8 on a character boundary. */
export function payloadPreview(payload: unknown, maxBytes: number): { preview: string; truncated: boolean } | undefined {
  if (payload === undefined) return undefined
  let text: string
  try {
    text = typeof payload === 'string' ? payload : (JSON.stringify(payload) ?? String(payload))
  } catch {
    text = String(payload)
  }
  const bytes = Buffer.from(text, 'utf8')
  if (bytes.length <= maxBytes) return { preview: text, truncated: false }
  let end = maxBytes
  // Step back over UTF-8 continuation bytes so no character is cut in half.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--
  return { preview: bytes.subarray(0, end).toString('utf8'), truncated: true }
}

/** A delivery record before the log fills in id, preview and times. */
export interface DeliveryDraft {
  /** What happened. */
  outcome: DeliveryOutcome
  /** Why. */
  reason?: string
  /** `cron`, the path, the event name, `manual`. */
  eventType: string
  /** Delivery id. */
  deliveryId?: string
  /** Execution started or found. */
  executionId?: string
  /** The payload (previewed). */
  payload?: unknown
  /** Test fire. */
  test?: boolean
  /** Schedule tick (ISO). */
  tick?: string
  /** ISO time the evaluation started. */
  receivedAt: string
}

/** Records one evaluation; never throws. Returns the record (also when writing it failed). */
export async function recordDelivery(ctx: TriggerContext, tenantId: string, trigger: TriggerRecord, draft: DeliveryDraft): Promise<TriggerDelivery> {
  const record: TriggerDelivery = {
    id: newId(),
    triggerId: trigger.id,
    triggerType: trigger.type,
    outcome: draft.outcome,
    eventType: draft.eventType,
    receivedAt: draft.receivedAt,
    recordedAt: nowIso(ctx),
  }
  if (draft.reason !== undefined) record.reason = draft.reason
  if (draft.deliveryId !== undefined) record.deliveryId = draft.deliveryId
  if (draft.executionId !== undefined) record.executionId = draft.executionId
  if (draft.test === true) record.test = true
  if (draft.tick !== undefined) record.tick = draft.tick
  const preview = payloadPreview(draft.payload, draft.outcome === 'matched' ? PREVIEW_MATCHED_BYTES : PREVIEW_OTHER_BYTES)
  if (preview !== undefined) {
    record.payloadPreview = preview.preview
    if (preview.truncated) record.payloadTruncated = true
  }
  try {
    await triggerStorage(ctx).appendDelivery(tenantId, record)
  } catch {
    // Best effort: the log must never break dispatch.
  }
  const event: TriggerDeliveryEvent = {
    type: 'trigger.delivery',
    at: record.recordedAt,
    triggerId: trigger.id,
    triggerName: trigger.name,
    triggerType: trigger.type,
    outcome: record.outcome,
    deliveryRecordId: record.id,
  }
  if (trigger.workflowId !== undefined) event.workflowId = trigger.workflowId
  if (record.reason !== undefined) event.reason = record.reason
  if (record.executionId !== undefined) event.executionId = record.executionId
  if (record.deliveryId !== undefined) event.deliveryId = record.deliveryId
  if (record.test === true) event.test = true
  ctx.core.bus.publishTrigger(tenantId, event)
  return record
}
