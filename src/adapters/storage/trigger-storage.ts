import type { TriggerDelivery, TriggerRecord, TriggerType } from '../../triggers/trigger-types.js'

/** Result of {@link TriggerStorageV1.saveTrigger}. */
export interface SaveTriggerResult {
  /** The trigger as stored. */
  trigger: TriggerRecord
  /** False when a trigger with the same name (case-insensitive) was updated. */
  created: boolean
  /** The stored trigger before an update. */
  previous?: TriggerRecord
}

/** Full replacement of a trigger's definition by {@link TriggerStorageV1.updateTrigger} (absent optional fields are cleared). */
export type TriggerUpdate = Pick<TriggerRecord, 'name' | 'type' | 'enabled' | 'config' | 'updatedAt' | 'workflowId' | 'webhookPath'>

/** Filter of {@link TriggerStorageV1.listTriggers}. */
export interface TriggerFilter {
  /** Only this type. */
  type?: TriggerType
  /** Only triggers of this workflow. */
  workflowId?: string
  /** Only enabled (true) or disabled (false) triggers. */
  enabled?: boolean
}

/** Bookkeeping written by {@link TriggerStorageV1.recordTriggerRun}; every field only moves forward. */
export interface TriggerRunUpdate {
  /** ISO time of a run; kept when later than the stored one, together with `lastExecutionId`. */
  lastRunAt?: string
  /** The execution of that run. */
  lastExecutionId?: string
  /** ISO time the schedule is handled through; kept when later than the stored one. */
  scheduledThrough?: string
}

/** Options of {@link TriggerStorageV1.listDeliveries}. */
export interface DeliveryListOptions {
  /** Page size, 1..200 (default 50). */
  limit?: number
  /** Only records older than this: the `id` of the last record of the previous page, or an ISO time. */
  before?: string
  /** Only records with this delivery id. */
  deliveryId?: string
}

/** A page of the delivery log, newest first. */
export interface DeliveryPage {
  /** The records. */
  deliveries: TriggerDelivery[]
  /** True when older records exist (pass the last `id` as `before`). */
  hasMore: boolean
}

/**
 * Storage of triggers, schedule ticks and the delivery log, version 1. Tenant-scoped like
 * `StorageAdapterV1`: a foreign id behaves exactly like an unknown one. Part of the storage
 * adapter interface (`StorageAdapterV1` extends it): `memoryStorage()`, `sqliteStorage()` and
 * `postgresStorage()` implement it. Adapters must pass `describeTriggerStorageConformance`.
 *
 * Dedups are backed by unique constraints: trigger name (case-insensitive: `name.toLowerCase()`)
 * and webhook path per tenant, and one claim per `(triggerId, tick)`.
 */
export interface TriggerStorageV1 {
  /**
   * Upserts by name, case-insensitively: an existing trigger with that name is updated (its
   * `name` spelling, type, workflow, enabled flag, config and webhook path) and keeps its `id`,
   * `createdAt`, `lastRunAt`, `lastExecutionId` and `scheduledThrough`; otherwise `trigger` is
   * inserted as given. Rejects with `STORAGE_CONFLICT` (`details.conflict: 'webhook_path'`) when
   * another trigger of the tenant has the same `webhookPath`.
   */
  saveTrigger(tenantId: string, trigger: TriggerRecord): Promise<SaveTriggerResult>
  /**
   * Replaces a trigger's definition by id; bookkeeping fields are kept. Returns `undefined` for an
   * unknown id. Rejects with `STORAGE_CONFLICT` (`details.conflict: 'name' | 'webhook_path'`) when
   * the new name or path belongs to another trigger.
   */
  updateTrigger(tenantId: string, triggerId: string, update: TriggerUpdate): Promise<TriggerRecord | undefined>
  /** Reads a trigger. */
  getTrigger(tenantId: string, triggerId: string): Promise<TriggerRecord | undefined>
  /** Finds the trigger that owns a webhook path. */
  findTriggerByWebhookPath(tenantId: string, path: string): Promise<TriggerRecord | undefined>
  /** Lists triggers by name (case-insensitive), then id. */
  listTriggers(tenantId: string, filter?: TriggerFilter): Promise<TriggerRecord[]>
  /** Deletes a trigger with its schedule ticks and delivery log. */
  deleteTrigger(tenantId: string, triggerId: string): Promise<boolean>
  /** Moves the run bookkeeping forward (never back). No-op for an unknown id. */
  recordTriggerRun(tenantId: string, triggerId: string, run: TriggerRunUpdate): Promise<void>
  /**
   * Claims a schedule tick: resolves `true` for exactly one caller per `(triggerId, tick)`, across
   * every client of the same data, atomically; `false` for every other.
   */
  claimScheduleTick(tenantId: string, triggerId: string, tick: string): Promise<boolean>
  /** Deletes a claim so the tick can be claimed again (a dispatch that must be retried). */
  releaseScheduleTick(tenantId: string, triggerId: string, tick: string): Promise<void>
  /** Appends a delivery log record. */
  appendDelivery(tenantId: string, delivery: TriggerDelivery): Promise<void>
  /** Pages a trigger's delivery log, newest first (by `receivedAt`, then `id`). */
  listDeliveries(tenantId: string, triggerId: string, options?: DeliveryListOptions): Promise<DeliveryPage>
}

const METHODS: readonly (keyof TriggerStorageV1)[] = [
  'saveTrigger',
  'updateTrigger',
  'getTrigger',
  'findTriggerByWebhookPath',
  'listTriggers',
  'deleteTrigger',
  'recordTriggerRun',
  'claimScheduleTick',
  'releaseScheduleTick',
  'appendDelivery',
  'listDeliveries',
]

/**
 * True when an object implements {@link TriggerStorageV1}. Every `StorageAdapterV1` does (the
 * interface extends it); this remains a runtime guard for adapters written in JavaScript or
 * against an older interface. The engine's trigger APIs throw `CONFIGURATION_INVALID` over an
 * adapter without it.
 */
export function isTriggerStorage<T extends object>(adapter: T): adapter is T & TriggerStorageV1 {
  const record = adapter as Record<string, unknown>
  return METHODS.every((name) => typeof record[name] === 'function')
}

/** Default and maximum page size of {@link TriggerStorageV1.listDeliveries}. */
export const DELIVERY_PAGE = { default: 50, max: 200 } as const

/** Clamps a delivery page size to 1..200 (default 50). */
export function deliveryPageSize(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DELIVERY_PAGE.default
  return Math.min(Math.max(1, Math.floor(limit)), DELIVERY_PAGE.max)
}

/** The case-insensitive key of a trigger name. */
export function triggerNameKey(name: string): string {
  return name.toLowerCase()
}
