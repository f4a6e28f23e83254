import type { ExecutionFilter } from '../adapters/storage/storage-adapter.js'
import type { ValidationResult, WorkflowDefinition } from '../language/workflow-types.js'
import type { TickResult } from './engine-core.js'
import type { ProposalsApi } from './proposal-types.js'
import type { ToolPolicy } from '../policy/policy.js'
import type { EmitOptions, EmitResult, TriggersApi, WebhookOptions } from '../triggers/api-types.js'
import type { EventOfType, StepwiseEvent, StepwiseEventType, TriggerDeliveryEvent } from './events.js'
import type {
  ApprovalDecision,
  ApprovalRecord,
  Execution,
  StepRecord,
  TriggerInfo,
  WorkflowRecord,
  WorkflowVersionRecord,
} from './records.js'

/** Options of `engine.run` and `engine.start`. */
export interface StartOptions {
  /** Input variables (checked against the workflow's declarations; defaults applied). */
  variables?: Record<string, unknown>
  /** A second start with the same key (per workflow) returns the existing execution. */
  idempotencyKey?: string
  /** How the run was started (default `{ type: 'manual' }`). */
  trigger?: TriggerInfo
}

/** Options of `engine.workflows.save`. */
export interface SaveOptions {
  /** Who saves (recorded on the version). */
  author?: string
  /** Notes recorded on the version. */
  notes?: string
}

/** Result of `engine.workflows.save`. */
export interface SaveResult {
  /** Workflow id. */
  id: string
  /** Version number the head now points at. */
  version: number
  /** Canonical hash. */
  hash: string
  /** False when the definition was already the head (no new version). */
  changed: boolean
}

/** A saved workflow with its current definition. */
export interface SavedWorkflow extends WorkflowRecord {
  /** The normalised definition. */
  definition: WorkflowDefinition
}

/** Decision passed to `engine.executions.approve`. */
export interface ApproveInput {
  /** Approve (`true`) or deny (`false`). */
  approved: boolean
  /** Identity of the decider (from the host's auth). */
  by?: string
  /** Comment. */
  comment?: string
  /** Which approval, when several wait. */
  stepId?: string
  /** Which iteration of that step. */
  iterationPath?: string
}

/** Workflow management. */
export interface WorkflowsApi {
  /** Validates and saves a definition as a new immutable version (no-op when unchanged). Invalid → `WORKFLOW_INVALID`. */
  save(definition: unknown, options?: SaveOptions): Promise<SaveResult>
  /** Validates without saving, with the engine's tool, model and notifier names. */
  validate(definition: unknown): ValidationResult
  /** Reads a workflow (`NOT_FOUND` when unknown). */
  get(id: string): Promise<SavedWorkflow>
  /** Lists workflows. */
  list(): Promise<WorkflowRecord[]>
  /** Lists versions, newest first. */
  history(id: string): Promise<WorkflowVersionRecord[]>
  /** Makes an earlier version the head again (`changed: false` when already there). */
  rollback(id: string, options: { hash: string; author?: string; notes?: string }): Promise<SaveResult>
  /**
   * Changes top-level fields of the current definition (e.g. `{ name }`, `{ steps }`), validates the
   * result in full and records it as a version with source `update`.
   */
  update(id: string, changes: Record<string, unknown>, options?: SaveOptions): Promise<SaveResult>
  /** Deletes a workflow; its executions stay readable from their pinned snapshots. */
  delete(id: string): Promise<boolean>
}

/** Execution management. */
export interface ExecutionsApi {
  /** Reads an execution (`NOT_FOUND` when unknown or foreign). */
  get(id: string): Promise<Execution>
  /** Lists executions, newest first. */
  list(filter?: ExecutionFilter): Promise<Execution[]>
  /** Step instances in the order they started. */
  steps(id: string): Promise<StepRecord[]>
  /** Cancels cooperatively; resolves with the execution once it is cancelled (or already terminal). */
  cancel(id: string, options?: { reason?: string }): Promise<Execution>
  /** Starts a new execution that reuses the completed outputs before `stepId` and runs from there. */
  retryFrom(id: string, options: { stepId: string; iterationPath?: string }): Promise<Execution>
  /** Decides a waiting approval. First decision wins; repeating it returns it; the opposite → `APPROVAL_ALREADY_DECIDED`. */
  approve(id: string, input: ApproveInput): Promise<ApprovalDecision>
  /** Resolves when the execution is terminal, or waiting with nothing running in this process. */
  settled(id: string): Promise<Execution>
  /** The execution's approvals. */
  approvals(id: string): Promise<ApprovalRecord[]>
}

/** Link approvals by secret token. */
export interface ApprovalsApi {
  /** Reads an approval by token (`APPROVAL_TOKEN_INVALID` when unknown). */
  get(token: string): Promise<ApprovalRecord>
  /** Decides an approval by token. */
  decide(token: string, input: Omit<ApproveInput, 'stepId' | 'iterationPath'>): Promise<ApprovalDecision>
}

/** Options of `engine.events`. */
export interface EventsOptions {
  /** Replay events after this `seq` (default 0: all). */
  afterSeq?: number
  /** Stops the stream. */
  signal?: AbortSignal
}

/** A background worker started by `engine.startWorker`. */
export interface WorkerHandle {
  /** Stops polling and waits for the current tick. */
  stop(): Promise<void>
}

/** Options of `engine.startWorker`. */
export interface WorkerOptions {
  /** How often to call `tick()` (ms of the engine clock, default 1000). */
  pollMs?: number
}

/** The engine API, scoped to one tenant. */
export interface Engine {
  /** The tenant this API acts for. */
  readonly tenantId: string
  /** Workflows. */
  readonly workflows: WorkflowsApi
  /** Executions. */
  readonly executions: ExecutionsApi
  /** Link approvals. */
  readonly approvals: ApprovalsApi
  /** Triggers: manual, schedule, webhook, event; test fires; the delivery log. */
  readonly triggers: TriggersApi
  /** Starts and waits until the execution is terminal or waiting. */
  run(workflow: string | WorkflowDefinition | Record<string, unknown>, options?: StartOptions): Promise<Execution>
  /** Starts and returns at once (status `pending`). */
  start(workflow: string | WorkflowDefinition | Record<string, unknown>, options?: StartOptions): Promise<Execution>
  /** Streams an execution's events: stored ones after `afterSeq`, then live, ending at a terminal event. */
  events(executionId: string, options?: EventsOptions): AsyncIterable<StepwiseEvent>
  /** Subscribes to committed events of every execution and tenant (`'*'` for all types). Returns unsubscribe. */
  on<T extends StepwiseEventType>(type: T, handler: (event: EventOfType<T>, tenantId: string) => void): () => void
  /** Subscribes to every execution event. */
  on(type: '*', handler: (event: StepwiseEvent, tenantId: string) => void): () => void
  /** Subscribes to delivery log records of every tenant (trigger-level events, not covered by `'*'`). */
  on(type: 'trigger.delivery', handler: (event: TriggerDeliveryEvent, tenantId: string) => void): () => void
  /**
   * Serves webhook triggers: any URL whose path contains `/webhooks/<path>`, for this tenant
   * (or `options.tenantId`). Answers 202 `{ executionId }`, 200 `{ executionId, duplicate: true }`
   * for a repeated delivery, 200 `{ outcome: 'no_match' }` when the filter does not match, and
   * 401, 404, 405, 413, 429 with `{ error: { code, message } }` (docs/triggers.md).
   */
  handleWebhook(request: Request, options?: WebhookOptions): Promise<Response>
  /** Starts every enabled workflow whose event trigger matches `name` (and its optional filter). */
  emit(name: string, payload?: unknown, options?: EmitOptions): Promise<EmitResult[]>
  /** Processes what is due now for this tenant: schedule ticks, timers, decided or expired approvals, orphaned executions. */
  tick(): Promise<TickResult>
  /** Calls `tick()` periodically until stopped (schedules are polled on their own, so a long resume never delays them). */
  startWorker(options?: WorkerOptions): WorkerHandle
  /**
   * Stops timers and new work, lets in-flight executions finish for up to `graceMs` (default
   * 10 s), then releases the leases of those still running so another instance resumes them.
   */
  close(options?: { graceMs?: number }): Promise<void>
  /** The same API for another tenant. */
  forTenant(tenantId: string, options?: ForTenantOptions): Engine
  /** The actor this API acts as (default author of versions and proposals, default `by` of decisions). */
  readonly actor?: string
  /** Proposals: changes suggested by agents, reviewed by people, then applied. */
  readonly proposals: ProposalsApi
  /** The tool policy given to `createEngine({ policy })`, if any (read-only). */
  readonly policy?: Readonly<ToolPolicy>
}

/** Options of `engine.forTenant`. */
export interface ForTenantOptions {
  /** Who acts (e.g. `user:42`, `agent:triage`): recorded as the author of saves and proposals and as `by` of approvals and reviews unless given per call. */
  actor?: string
}
