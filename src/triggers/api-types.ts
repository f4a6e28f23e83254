/**
 * @module
 * The public trigger API (`engine.triggers`, `engine.emit`, `engine.handleWebhook`) and the host
 * callback of prompt schedules.
 */
import type { DeliveryListOptions, DeliveryPage, TriggerFilter } from '../adapters/storage/trigger-storage.js'
import type { DeliveryOutcome, TriggerInput, TriggerRecord } from './trigger-types.js'

/** Result of `engine.triggers.fire` and of each trigger evaluated by `engine.emit`. */
export interface FireResult {
  /** The delivery log outcome. */
  outcome: DeliveryOutcome
  /** The execution started (or the existing one, for `duplicate`). */
  executionId?: string
  /** Why, when it did not match. */
  reason?: string
}

/** Options of `engine.triggers.fire`. */
export interface FireOptions {
  /** Webhook triggers: request headers to simulate (e.g. `X-GitHub-Event` for the filter). */
  headers?: Record<string, string>
}

/** One trigger's result of `engine.emit`. */
export interface EmitResult extends FireResult {
  /** The event trigger evaluated. */
  triggerId: string
}

/** Options of `engine.emit`. */
export interface EmitOptions {
  /** Event id: emitting the same id again starts nothing new (per trigger). Default: a fresh id. */
  id?: string
}

/** Options of `engine.handleWebhook`. */
export interface WebhookOptions {
  /** Tenant whose webhook paths are served (default: the engine's tenant). */
  tenantId?: string
}

/** What the host's `onSchedulePrompt` receives besides the prompt. */
export interface SchedulePromptMeta {
  /** Tenant of the trigger. */
  tenantId: string
  /** The schedule trigger. */
  triggerId: string
  /** Its name. */
  triggerName: string
  /** ISO time of the tick. */
  tick: string
  /** The schedule's timezone. */
  timezone: string
  /** True for a missed tick run by the catch-up policy. */
  backfilled: boolean
  /** True for `engine.triggers.fire()`. */
  test: boolean
  /** Stable per tick: `schedule:<triggerId>:<tick>` (a fresh key for test fires). Use it to drop duplicates. */
  idempotencyKey: string
}

/**
 * Host callback of schedules with `config.target.prompt` (e.g. "send this to my orchestrator
 * agent in a new thread"). `prompt` is `[Today is <long date in the timezone>]\n\n<prompt>`.
 * Throwing makes the tick retryable (released, retried on the next `tick()` while on time).
 */
export type SchedulePromptHandler = (prompt: string, meta: SchedulePromptMeta) => void | Promise<void>

/** `engine.triggers`: trigger records, test fires and the delivery log. */
export interface TriggersApi {
  /**
   * Validates and saves a trigger; upserts by name (case-insensitive) keeping `id` and
   * `createdAt`, or updates by `id` when given. Invalid → `TRIGGER_INVALID` with `details.reason`
   * (`invalid_cron`, `invalid_timezone`, `duplicate_webhook_path`, `duplicate_name`,
   * `invalid_expression`, `invalid_config`). The workflow need not exist yet.
   */
  save(trigger: TriggerInput): Promise<TriggerRecord>
  /** Lists triggers by name. */
  list(filter?: TriggerFilter): Promise<TriggerRecord[]>
  /** Reads a trigger (`NOT_FOUND` when unknown). */
  get(id: string): Promise<TriggerRecord>
  /** Deletes a trigger with its delivery log. */
  remove(id: string): Promise<boolean>
  /** Enables a trigger (a schedule then counts ticks from now). */
  enable(id: string): Promise<TriggerRecord>
  /** Disables a trigger. */
  disable(id: string): Promise<TriggerRecord>
  /**
   * Fires a trigger now through the same dispatcher, with `payload` as `_payload`. For a manual
   * trigger this is its normal run (the payload's fields are also variables). For the other types
   * it is a test fire: signatures, cron matching and tick claims are bypassed, and the run (no
   * failure notification) and its delivery record are marked `test`.
   */
  fire(id: string, payload?: unknown, options?: FireOptions): Promise<FireResult>
  /** Pages the trigger's delivery log, newest first: `{ limit (1..200, default 50), before }`. */
  deliveries(id: string, options?: DeliveryListOptions): Promise<DeliveryPage>
}
