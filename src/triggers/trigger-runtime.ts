/**
 * @module
 * The trigger subsystem as the engine core sees it ({@link TriggerRuntime}): attached by
 * `createEngine`, it serves `engine.triggers`, `handleWebhook`, `emit` and the schedule part of
 * `tick()`. Schedule passes of one tenant never overlap within an instance: a call during a pass
 * waits for it and then runs one more pass (shared by every caller that waited), so concurrent
 * `tick()` calls cost one extra pass, and ticks due by the time a call was made are always seen.
 */
import { isTriggerStorage } from '../adapters/storage/trigger-storage.js'
import type { EngineCore, TriggerRuntime } from '../engine/engine-core.js'
import type { TriggersApi } from './api-types.js'
import { DEFAULT_TRIGGER_OPTIONS, type TriggerContext, type TriggerOptions } from './context.js'
import { emitEvent } from './event/emit.js'
import { RefusalMemo, runSchedulePass } from './schedule/schedule-pass.js'
import { createTriggersApi } from './triggers-api.js'
import { handleWebhook } from './webhook/handle-webhook.js'

interface PassSlot {
  running?: Promise<number>
  queued?: Promise<number>
}

/** Creates the trigger runtime of an engine core. */
export function createTriggerRuntime(core: EngineCore, options: Partial<TriggerOptions> = {}): TriggerRuntime {
  const ctx: TriggerContext = { core, options: { ...DEFAULT_TRIGGER_OPTIONS, ...options } }
  const refusals = new RefusalMemo()
  const slots = new Map<string, PassSlot>()
  const apis = new Map<string, TriggersApi>()

  const startPass = (tenantId: string, slot: PassSlot): Promise<number> => {
    const running = runSchedulePass(ctx, tenantId, refusals)
      .catch(() => 0)
      .finally(() => {
        slot.running = undefined
        if (slot.queued === undefined) slots.delete(tenantId)
      })
    slot.running = running
    return running
  }

  const tickSchedules = (tenantId: string): Promise<number> => {
    if (!isTriggerStorage(core.storage)) return Promise.resolve(0)
    let slot = slots.get(tenantId)
    if (slot === undefined) {
      slot = {}
      slots.set(tenantId, slot)
    }
    const running = slot.running
    if (running === undefined) return startPass(tenantId, slot)
    if (slot.queued !== undefined) return slot.queued
    const current = slot
    const queued = running.then(() => {
      current.queued = undefined
      slots.set(tenantId, current)
      return startPass(tenantId, current)
    })
    current.queued = queued
    return queued
  }

  return {
    api(tenantId) {
      let api = apis.get(tenantId)
      if (api === undefined) {
        api = createTriggersApi(ctx, tenantId)
        if (apis.size < 1000) apis.set(tenantId, api)
      }
      return api
    },
    handleWebhook: (tenantId, request) => handleWebhook(ctx, tenantId, request),
    emit: (tenantId, name, payload, emitOptions) => emitEvent(ctx, tenantId, name, payload, emitOptions),
    tickSchedules,
  }
}
