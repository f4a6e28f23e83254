/**
 * @module
 * `engine.triggers`: save (validate, upsert by name or update by id), list, get, remove,
 * enable/disable, fire, deliveries.
 */
import { triggerNameKey, type TriggerUpdate } from '../adapters/storage/trigger-storage.js'
import { newId } from '../engine/ids.js'
import { StepwiseError } from '../errors/stepwise-error.js'
import type { TriggersApi } from './api-types.js'
import { nowIso, triggerStorage, type TriggerContext } from './context.js'
import { fireTrigger } from './fire.js'
import type { TriggerRecord } from './trigger-types.js'
import { triggerInvalid, validateTrigger, type ValidTrigger } from './validation.js'

function notFound(id: string): StepwiseError {
  return new StepwiseError('NOT_FOUND', `Trigger ${id} not found.`, { details: { triggerId: id } })
}

function definition(valid: ValidTrigger | TriggerRecord, updatedAt: string): TriggerUpdate {
  const update = { name: valid.name, type: valid.type, enabled: valid.enabled, config: valid.config, updatedAt } as TriggerUpdate
  if (valid.workflowId !== undefined) update.workflowId = valid.workflowId
  if (valid.webhookPath !== undefined) update.webhookPath = valid.webhookPath
  return update
}

/** Whether a schedule must count ticks from now: new to the schedule type, re-enabled, or a new cron or timezone. */
function restartsSchedule(previous: TriggerRecord, next: TriggerRecord): boolean {
  if (next.type !== 'schedule' || !next.enabled) return false
  if (previous.type !== 'schedule' || !previous.enabled) return true
  return previous.config.cron !== next.config.cron || (previous.config.timezone ?? 'UTC') !== (next.config.timezone ?? 'UTC')
}

function conflictToInvalid(error: unknown, valid: ValidTrigger): unknown {
  if (!StepwiseError.isInstance(error) || error.code !== 'STORAGE_CONFLICT') return error
  const conflict = error.details?.conflict
  if (conflict === 'webhook_path') {
    return triggerInvalid([{ path: '/config/path', message: `Webhook path "${valid.webhookPath ?? ''}" is already used by trigger ${String(error.details?.triggerId)}.`, reason: 'duplicate_webhook_path' }])
  }
  if (conflict === 'name') return triggerInvalid([{ path: '/name', message: `Another trigger is named "${valid.name}".`, reason: 'duplicate_name' }])
  return error
}

/** Creates the tenant-scoped triggers API. */
export function createTriggersApi(ctx: TriggerContext, tenantId: string): TriggersApi {
  const load = async (id: string): Promise<TriggerRecord> => {
    const trigger = typeof id === 'string' ? await triggerStorage(ctx).getTrigger(tenantId, id) : undefined
    if (trigger === undefined) throw notFound(String(id))
    return trigger
  }
  const restart = async (previous: TriggerRecord | undefined, saved: TriggerRecord, now: string): Promise<TriggerRecord> => {
    if (previous === undefined || !restartsSchedule(previous, saved)) return saved
    const storage = triggerStorage(ctx)
    await storage.recordTriggerRun(tenantId, saved.id, { scheduledThrough: now })
    return (await storage.getTrigger(tenantId, saved.id)) ?? saved
  }
  const setEnabled = async (id: string, enabled: boolean): Promise<TriggerRecord> => {
    const existing = await load(id)
    if (existing.enabled === enabled) return existing
    const now = nowIso(ctx)
    const saved = await triggerStorage(ctx).updateTrigger(tenantId, id, definition({ ...existing, enabled }, now))
    if (saved === undefined) throw notFound(id)
    return restart(existing, saved, now)
  }
  return {
    async save(input) {
      const valid = validateTrigger(input)
      const storage = triggerStorage(ctx)
      const now = nowIso(ctx)
      if (valid.webhookPath !== undefined) {
        const owner = await storage.findTriggerByWebhookPath(tenantId, valid.webhookPath)
        const same = owner !== undefined && (valid.id === undefined ? triggerNameKey(owner.name) === triggerNameKey(valid.name) : owner.id === valid.id)
        if (owner !== undefined && !same) throw conflictToInvalid(new StepwiseError('STORAGE_CONFLICT', 'path taken', { details: { conflict: 'webhook_path', triggerId: owner.id } }), valid)
      }
      try {
        if (valid.id !== undefined) {
          const previous = await load(valid.id)
          const saved = await storage.updateTrigger(tenantId, valid.id, definition(valid, now))
          if (saved === undefined) throw notFound(valid.id)
          return await restart(previous, saved, now)
        }
        const record = { ...definition(valid, now), id: newId(), createdAt: now } as TriggerRecord
        if (record.type === 'schedule') record.scheduledThrough = now
        const result = await storage.saveTrigger(tenantId, record)
        return await restart(result.previous, result.trigger, now)
      } catch (error) {
        throw conflictToInvalid(error, valid)
      }
    },
    list: async (filter) => triggerStorage(ctx).listTriggers(tenantId, filter),
    get: (id) => load(id),
    remove: async (id) => triggerStorage(ctx).deleteTrigger(tenantId, id),
    enable: (id) => setEnabled(id, true),
    disable: (id) => setEnabled(id, false),
    async fire(id, payload, options) {
      return fireTrigger(ctx, tenantId, await load(id), payload, options)
    },
    async deliveries(id, options) {
      await load(id)
      return triggerStorage(ctx).listDeliveries(tenantId, id, options)
    },
  }
}
