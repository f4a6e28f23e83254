import { StepwiseError } from '../../../errors/stepwise-error.js'
import type { TriggerDelivery, TriggerRecord } from '../../../triggers/trigger-types.js'
import { MemoryProposalStore } from './memory-proposal-store.js'
import {
  deliveryPageSize,
  triggerNameKey,
  type DeliveryListOptions,
  type DeliveryPage,
  type SaveTriggerResult,
  type TriggerFilter,
  type TriggerRunUpdate,
  type TriggerStorageV1,
  type TriggerUpdate,
} from '../trigger-storage.js'

/** Delivery records kept per trigger in memory (oldest dropped first). */
const MAX_DELIVERIES = 1000
/** Tick claims kept per trigger before old ones are pruned. */
const MAX_TICKS = 2000
/** Claims younger than this (relative to the newest) are never pruned. */
const TICK_RETENTION_MS = 7 * 24 * 3600_000

interface TenantTriggers {
  byId: Map<string, TriggerRecord>
  byName: Map<string, string>
  byPath: Map<string, string>
  ticks: Map<string, Set<string>>
  deliveries: Map<string, TriggerDelivery[]>
}

function copy<T extends object>(value: T): T {
  return structuredClone(value)
}

function newer(a: string | undefined, b: string): boolean {
  return a === undefined || b > a
}

function conflict(kind: 'name' | 'webhook_path', value: string, owner: string): StepwiseError {
  const what = kind === 'name' ? `name "${value}"` : `webhook path "${value}"`
  return new StepwiseError('STORAGE_CONFLICT', `Trigger ${owner} already has the ${what}.`, { retryable: false, details: { conflict: kind, triggerId: owner } })
}

function newestFirst(a: TriggerDelivery, b: TriggerDelivery): number {
  if (a.receivedAt !== b.receivedAt) return a.receivedAt < b.receivedAt ? 1 : -1
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0
}

/**
 * The trigger half of `memoryStorage()` ({@link TriggerStorageV1}). Records are copied in and out.
 * Keeps the newest 1 000 delivery records per trigger.
 */
export class MemoryTriggerStore extends MemoryProposalStore implements TriggerStorageV1 {
  #tenants = new Map<string, TenantTriggers>()

  #tenant(tenantId: string): TenantTriggers {
    let data = this.#tenants.get(tenantId)
    if (data === undefined) {
      data = { byId: new Map(), byName: new Map(), byPath: new Map(), ticks: new Map(), deliveries: new Map() }
      this.#tenants.set(tenantId, data)
    }
    return data
  }

  #index(data: TenantTriggers, before: TriggerRecord | undefined, after: TriggerRecord): void {
    if (before !== undefined) {
      data.byName.delete(triggerNameKey(before.name))
      if (before.webhookPath !== undefined) data.byPath.delete(before.webhookPath)
    }
    data.byId.set(after.id, after)
    data.byName.set(triggerNameKey(after.name), after.id)
    if (after.webhookPath !== undefined) data.byPath.set(after.webhookPath, after.id)
  }

  async saveTrigger(tenantId: string, trigger: TriggerRecord): Promise<SaveTriggerResult> {
    const data = this.#tenant(tenantId)
    const existingId = data.byName.get(triggerNameKey(trigger.name))
    const existing = existingId === undefined ? undefined : data.byId.get(existingId)
    const pathOwner = trigger.webhookPath === undefined ? undefined : data.byPath.get(trigger.webhookPath)
    if (pathOwner !== undefined && pathOwner !== existing?.id) throw conflict('webhook_path', trigger.webhookPath as string, pathOwner)
    if (existing === undefined) {
      if (data.byId.has(trigger.id)) throw new StepwiseError('STORAGE_CONFLICT', `Trigger ${trigger.id} already exists.`, { retryable: false })
      const stored = copy(trigger)
      this.#index(data, undefined, stored)
      return { trigger: copy(stored), created: true }
    }
    const stored = { ...copy(trigger), id: existing.id, createdAt: existing.createdAt } as TriggerRecord
    assignBookkeeping(stored, existing)
    this.#index(data, existing, stored)
    return { trigger: copy(stored), created: false, previous: copy(existing) }
  }

  async updateTrigger(tenantId: string, triggerId: string, update: TriggerUpdate): Promise<TriggerRecord | undefined> {
    const data = this.#tenants.get(tenantId)
    const existing = data?.byId.get(triggerId)
    if (data === undefined || existing === undefined) return undefined
    const nameOwner = data.byName.get(triggerNameKey(update.name))
    if (nameOwner !== undefined && nameOwner !== triggerId) throw conflict('name', update.name, nameOwner)
    const pathOwner = update.webhookPath === undefined ? undefined : data.byPath.get(update.webhookPath)
    if (pathOwner !== undefined && pathOwner !== triggerId) throw conflict('webhook_path', update.webhookPath as string, pathOwner)
    const stored = { ...copy(update), id: existing.id, createdAt: existing.createdAt } as TriggerRecord
    if (update.workflowId === undefined) delete stored.workflowId
    if (update.webhookPath === undefined) delete stored.webhookPath
    assignBookkeeping(stored, existing)
    this.#index(data, existing, stored)
    return copy(stored)
  }

  async getTrigger(tenantId: string, triggerId: string): Promise<TriggerRecord | undefined> {
    const record = this.#tenants.get(tenantId)?.byId.get(triggerId)
    return record === undefined ? undefined : copy(record)
  }

  async findTriggerByWebhookPath(tenantId: string, path: string): Promise<TriggerRecord | undefined> {
    const data = this.#tenants.get(tenantId)
    const id = data?.byPath.get(path)
    const record = id === undefined ? undefined : data?.byId.get(id)
    return record === undefined ? undefined : copy(record)
  }

  async listTriggers(tenantId: string, filter: TriggerFilter = {}): Promise<TriggerRecord[]> {
    const records = [...(this.#tenants.get(tenantId)?.byId.values() ?? [])].filter(
      (t) =>
        (filter.type === undefined || t.type === filter.type) &&
        (filter.workflowId === undefined || t.workflowId === filter.workflowId) &&
        (filter.enabled === undefined || t.enabled === filter.enabled),
    )
    const key = (t: TriggerRecord): string => `${triggerNameKey(t.name)}\u0000${t.id}`
    return records.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)).map(copy)
  }

  async deleteTrigger(tenantId: string, triggerId: string): Promise<boolean> {
    const data = this.#tenants.get(tenantId)
    const existing = data?.byId.get(triggerId)
    if (data === undefined || existing === undefined) return false
    data.byId.delete(triggerId)
    data.byName.delete(triggerNameKey(existing.name))
    if (existing.webhookPath !== undefined) data.byPath.delete(existing.webhookPath)
    data.ticks.delete(triggerId)
    data.deliveries.delete(triggerId)
    return true
  }

  async recordTriggerRun(tenantId: string, triggerId: string, run: TriggerRunUpdate): Promise<void> {
    const record = this.#tenants.get(tenantId)?.byId.get(triggerId)
    if (record === undefined) return
    if (run.lastRunAt !== undefined && (record.lastRunAt === undefined || run.lastRunAt >= record.lastRunAt)) {
      record.lastRunAt = run.lastRunAt
      if (run.lastExecutionId !== undefined) record.lastExecutionId = run.lastExecutionId
    }
    if (run.scheduledThrough !== undefined && newer(record.scheduledThrough, run.scheduledThrough)) record.scheduledThrough = run.scheduledThrough
  }

  async claimScheduleTick(tenantId: string, triggerId: string, tick: string): Promise<boolean> {
    const data = this.#tenant(tenantId)
    let ticks = data.ticks.get(triggerId)
    if (ticks === undefined) {
      ticks = new Set()
      data.ticks.set(triggerId, ticks)
    }
    if (ticks.has(tick)) return false
    ticks.add(tick)
    if (ticks.size > MAX_TICKS) pruneTicks(ticks)
    return true
  }

  async releaseScheduleTick(tenantId: string, triggerId: string, tick: string): Promise<void> {
    this.#tenants.get(tenantId)?.ticks.get(triggerId)?.delete(tick)
  }

  async appendDelivery(tenantId: string, delivery: TriggerDelivery): Promise<void> {
    const data = this.#tenant(tenantId)
    let list = data.deliveries.get(delivery.triggerId)
    if (list === undefined) {
      list = []
      data.deliveries.set(delivery.triggerId, list)
    }
    list.push(copy(delivery))
    if (list.length > MAX_DELIVERIES) {
      list.sort(newestFirst)
      list.length = MAX_DELIVERIES
    }
  }

  async listDeliveries(tenantId: string, triggerId: string, options: DeliveryListOptions = {}): Promise<DeliveryPage> {
    const limit = deliveryPageSize(options.limit)
    let list = [...(this.#tenants.get(tenantId)?.deliveries.get(triggerId) ?? [])].sort(newestFirst)
    if (options.deliveryId !== undefined) list = list.filter((d) => d.deliveryId === options.deliveryId)
    if (options.before !== undefined) {
      const cursor = list.find((d) => d.id === options.before)
      const before = options.before
      list = cursor === undefined ? list.filter((d) => d.receivedAt < before) : list.filter((d) => newestFirst(d, cursor) > 0)
    }
    return { deliveries: list.slice(0, limit).map(copy), hasMore: list.length > limit }
  }
}

function assignBookkeeping(target: TriggerRecord, source: TriggerRecord): void {
  delete target.lastRunAt
  delete target.lastExecutionId
  delete target.scheduledThrough
  if (source.lastRunAt !== undefined) target.lastRunAt = source.lastRunAt
  if (source.lastExecutionId !== undefined) target.lastExecutionId = source.lastExecutionId
  if (source.scheduledThrough !== undefined) target.scheduledThrough = source.scheduledThrough
}

/** Drops claims more than a week older than the newest one (they are never scanned again). */
function pruneTicks(ticks: Set<string>): void {
  let newest = 0
  for (const tick of ticks) newest = Math.max(newest, Date.parse(tick) || 0)
  for (const tick of ticks) if ((Date.parse(tick) || 0) < newest - TICK_RETENTION_MS) ticks.delete(tick)
}
