import type { StorageAdapterV1 } from '../adapters/storage/storage-adapter.js'
import { isTriggerStorage, type TriggerStorageV1 } from '../adapters/storage/trigger-storage.js'
import type { EngineCore } from '../engine/engine-core.js'
import { StepwiseError } from '../errors/stepwise-error.js'
import type { SchedulePromptHandler } from './api-types.js'

/** Engine options of the trigger subsystem (resolved from `createEngine`). */
export interface TriggerOptions {
  /** Host callback of prompt schedules. */
  onSchedulePrompt?: SchedulePromptHandler
  /** Webhook body cap in bytes (default 1 MiB). */
  webhookMaxBodyBytes: number
  /** A schedule tick older than this when first seen counts as missed (default 60 s). */
  scheduleGraceMs: number
}

/** Default {@link TriggerOptions}. */
export const DEFAULT_TRIGGER_OPTIONS: TriggerOptions = { webhookMaxBodyBytes: 1024 * 1024, scheduleGraceMs: 60_000 }

/** Storage with the trigger methods. */
export type TriggerCapableStorage = StorageAdapterV1 & TriggerStorageV1

/** What every trigger module works with. */
export interface TriggerContext {
  /** The engine core. */
  readonly core: EngineCore
  /** Options. */
  readonly options: TriggerOptions
}

/** The core's storage as trigger storage, or `CONFIGURATION_INVALID` when the adapter lacks it. */
export function triggerStorage(ctx: TriggerContext): TriggerCapableStorage {
  const storage = ctx.core.storage
  if (!isTriggerStorage(storage)) {
    throw new StepwiseError(
      'CONFIGURATION_INVALID',
      `Storage adapter "${(storage as { adapterId?: string }).adapterId}" does not implement trigger storage (TriggerStorageV1); triggers need memoryStorage(), sqliteStorage(), postgresStorage() or an adapter that does.`,
    )
  }
  return storage
}

/** ISO time of the engine clock. */
export function nowIso(ctx: TriggerContext): string {
  return new Date(ctx.core.now()).toISOString()
}
