/**
 * @module
 * Trigger records and their configuration, one shape per trigger type (DESIGN §6, §11).
 */

/** What a schedule does with ticks that were missed while no engine instance ran. */
export type CatchUpPolicy = 'skip' | 'latest' | 'all'

/** What a schedule does when the previous run it started is still active. */
export type OverlapPolicy = 'allow' | 'skip'

/** Fields every trigger configuration may carry. */
export interface TriggerConfigBase {
  /** Static input variables, overlaid by `variableMapping` results and the reserved `_trigger`/`_payload`. */
  variables?: Record<string, unknown>
  /**
   * Refuse to start the workflow while it has this many active (pending, running or waiting)
   * executions, whatever started them. A refused schedule tick stays retryable; a webhook gets 429.
   */
  maxConcurrent?: number
}

/** Configuration of a `manual` trigger (run with `engine.triggers.fire(id, variables)`). */
export interface ManualTriggerConfig extends TriggerConfigBase {
  /** Workflow variables computed from the fired payload: `{ name: JSONata over the payload }`. */
  variableMapping?: Record<string, string>
}

/** A schedule that calls the host instead of starting a workflow (valet's "prompt the orchestrator"). */
export interface SchedulePromptTarget {
  /** Prompt handed to `createEngine({ onSchedulePrompt })`, prefixed with `[Today is <date>]` (max 100 000 chars). */
  prompt: string
}

/** Configuration of a `schedule` trigger. */
export interface ScheduleTriggerConfig extends TriggerConfigBase {
  /** Cron expression: 5 fields, or 6 with seconds first; names, ranges, steps, `L`, `#`, `@daily`… (cron-parser). */
  cron: string
  /** IANA timezone the expression is read in (default `UTC`). */
  timezone?: string
  /** Missed ticks: `skip` (default; recorded in the delivery log), `latest` (run the newest), `all` (oldest first, capped). */
  catchUp?: CatchUpPolicy
  /** With `catchUp: 'all'`: at most this many missed ticks run (default 100, max 1000); older ones are skipped. */
  catchUpLimit?: number
  /** `allow` (default) or `skip`: skip a tick while the previous run of this trigger is still active. */
  overlap?: OverlapPolicy
  /** Call the host's `onSchedulePrompt` instead of starting a workflow (no `workflowId` needed). */
  target?: SchedulePromptTarget
}

/** GitHub-style filter of a webhook trigger (ANDed; every list is an allow-list). */
export interface WebhookEventFilter {
  /** `X-GitHub-Event` names: `push`, or `pull_request.opened` for one action. */
  events?: string[]
  /** Allowed `payload.action` values. */
  actions?: string[]
  /** Branch: `ref` without `refs/heads/` (push) or `pull_request.base.ref` (pull requests). */
  branch?: string | string[]
  /** Passes when any of these labels is on the pull request or issue. */
  labels?: string[]
}

/** HTTP methods a webhook trigger can accept. */
export type WebhookMethod = 'POST' | 'GET' | 'PUT' | 'PATCH' | 'DELETE'

/** Configuration of a `webhook` trigger, served by `engine.handleWebhook` at `…/webhooks/<path>`. */
export interface WebhookTriggerConfig extends TriggerConfigBase {
  /** Path after `/webhooks/`, unique per tenant (`[A-Za-z0-9._~-]` segments separated by `/`). */
  path: string
  /** Accepted method (default `POST`); others get 405. */
  method?: WebhookMethod
  /** HMAC-SHA256 secret; when set, requests must be signed (see docs/triggers.md). `whsec_…` secrets are base64. */
  secret?: string
  /** Workflow variables from the payload: `{ name: JSONata over _payload }` (`issue.title`, `query.ref`). */
  variableMapping?: Record<string, string>
  /** GitHub-style filter on `X-GitHub-Event` and the payload. */
  filter?: WebhookEventFilter
}

/** Configuration of an `event` trigger, started by `engine.emit(event, payload)`. */
export interface EventTriggerConfig extends TriggerConfigBase {
  /** Event name (exact match). */
  event: string
  /** JSONata condition over the payload; the workflow starts only when it is truthy. */
  filter?: string
  /** Workflow variables from the payload: `{ name: JSONata over the payload }`. */
  variableMapping?: Record<string, string>
}

/** Configuration by trigger type. */
export interface TriggerConfigs {
  /** `manual`. */
  manual: ManualTriggerConfig
  /** `schedule`. */
  schedule: ScheduleTriggerConfig
  /** `webhook`. */
  webhook: WebhookTriggerConfig
  /** `event`. */
  event: EventTriggerConfig
}

/** The trigger types. */
export type TriggerType = keyof TriggerConfigs

/** Any trigger configuration. */
export type TriggerConfig = TriggerConfigs[TriggerType]

/** What `engine.triggers.save` takes for one trigger type. */
export interface TriggerInputOf<T extends TriggerType> {
  /** Update this trigger (by id) instead of upserting by name. */
  id?: string
  /** Unique per tenant, case-insensitively: saving an existing name updates that trigger. */
  name: string
  /** Trigger type. */
  type: T
  /** Workflow to start (optional only for a schedule with `target.prompt`). May not exist yet. */
  workflowId?: string
  /** Default true. */
  enabled?: boolean
  /** Type-specific configuration. */
  config: TriggerConfigs[T]
}

/** A manual trigger's input: `config` is optional. */
export interface ManualTriggerInput extends Omit<TriggerInputOf<'manual'>, 'config'> {
  /** Optional configuration. */
  config?: ManualTriggerConfig
}

/** Input of `engine.triggers.save`: `{ name, type, workflowId, enabled?, config }`. */
export type TriggerInput = ManualTriggerInput | TriggerInputOf<'schedule'> | TriggerInputOf<'webhook'> | TriggerInputOf<'event'>

/** Fields of every stored trigger. */
export interface TriggerRecordBase {
  /** Trigger id (kept when the trigger is saved again by name). */
  id: string
  /** Name as last saved. */
  name: string
  /** Workflow it starts. */
  workflowId?: string
  /** Disabled triggers never fire (webhooks answer 404). */
  enabled: boolean
  /** Normalised webhook path (webhook triggers only); unique per tenant. */
  webhookPath?: string
  /** ISO time of the first save (kept by later saves). */
  createdAt: string
  /** ISO time of the last save. */
  updatedAt: string
  /** ISO time the trigger last started a run (test fires excluded). */
  lastRunAt?: string
  /** Execution started by that run. */
  lastExecutionId?: string
  /**
   * Schedules: ticks up to this ISO time are handled (dispatched, skipped, or claimed by another
   * instance). Set to the save time on creation, when re-enabled, and when the cron or timezone changes.
   */
  scheduledThrough?: string
}

/** A stored trigger of one type. */
export interface TriggerRecordOf<T extends TriggerType> extends TriggerRecordBase {
  /** Trigger type. */
  type: T
  /** Normalised configuration. */
  config: TriggerConfigs[T]
}

/** A stored trigger (discriminated on `type`). */
export type TriggerRecord = { [T in TriggerType]: TriggerRecordOf<T> }[TriggerType]

/** Outcome of one trigger evaluation, as recorded in the delivery log. */
export type DeliveryOutcome = 'matched' | 'no_match' | 'duplicate' | 'concurrency_cap' | 'workflow_missing' | 'invalid_signature' | 'error'

/** One record of the delivery log: one evaluation of a trigger. */
export interface TriggerDelivery {
  /** Record id (time-ordered). */
  id: string
  /** The trigger. */
  triggerId: string
  /** Its type. */
  triggerType: TriggerType
  /** What happened. */
  outcome: DeliveryOutcome
  /** Why (human-readable), e.g. `invalid signature`, `event "push" not in filter.events`. */
  reason?: string
  /** `cron`, the webhook path, the event name, `manual`, or the `X-GitHub-Event` name. */
  eventType: string
  /** Delivery id (webhook header or derived hash, event id, schedule tick). */
  deliveryId?: string
  /** Execution started (or found, for duplicates). */
  executionId?: string
  /** JSON of the payload, cut to 8 KiB for `matched` and 512 bytes otherwise. */
  payloadPreview?: string
  /** True when `payloadPreview` was cut. */
  payloadTruncated?: boolean
  /** True for `engine.triggers.fire()` test fires. */
  test?: boolean
  /** Schedules: the ISO tick evaluated. */
  tick?: string
  /** ISO time the evaluation started. */
  receivedAt: string
  /** ISO time it was recorded. */
  recordedAt: string
}
