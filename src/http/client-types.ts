/**
 * @module
 * Types of the typed HTTP client (`createClient`). Browser-safe: public types only.
 */
import type {
  ApplyProposalResult,
  ApprovalDecision,
  ApprovalRecord,
  DeliveryListOptions,
  DeliveryPage,
  Execution,
  ExecutionFilter,
  FireResult,
  ProposalFilter,
  ProposalRecord,
  SavedWorkflow,
  SaveResult,
  StepRecord,
  StepwiseEvent,
  TriggerFilter,
  TriggerInput,
  TriggerRecord,
  ValidationResult,
  WorkflowRecord,
  WorkflowVersionRecord,
} from '../index.js'
import type { StepwiseError } from '../errors/stepwise-error.js'
import type {
  ApplyProposalRequest,
  ApproveRequest,
  CreateProposalRequest,
  DraftRequest,
  FireTriggerRequest,
  RetryFromRequest,
  ReviewProposalRequest,
  RollbackRequest,
  SaveWorkflowRequest,
  StartExecutionRequest,
} from './wire-types.js'

/** The `fetch` the client calls (the global one by default). */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>

/** Options of `createClient`. */
export interface ClientOptions {
  /** Where the handler is mounted, e.g. `https://app.example.com/api/stepwise` or `/api/stepwise`. */
  baseUrl: string
  /** A `fetch` implementation (default `globalThis.fetch`); tests pass one that calls the handler directly. */
  fetch?: FetchLike
  /** Headers sent with every request (e.g. `authorization`), or a function returning them per request. */
  headers?: HeadersInit | (() => HeadersInit | Promise<HeadersInit>)
}

/** Options of `client.executions.subscribe`. */
export interface SubscribeOptions {
  /** Start after this `seq` (default 0: every event). */
  afterSeq?: number
  /** Called once per event, in `seq` order, never twice for the same `seq`. */
  onEvent: (event: StepwiseEvent) => void
  /** Called each time a connection opens (again after a reconnect). */
  onOpen?: () => void
  /**
   * Called on errors. `willRetry` is true for dropped connections and 5xx/429 answers (the client
   * reconnects with `Last-Event-ID`, backing off); false for final errors such as `NOT_FOUND`.
   */
  onError?: (error: StepwiseError | Error, willRetry: boolean) => void
  /** Called once when the subscription ends: after the terminal event, a final error, or unsubscribe. */
  onClose?: () => void
  /** Stops the subscription, like calling the returned function. */
  signal?: AbortSignal
  /** First reconnect delay in ms (default 1000; doubles per failed attempt, with jitter). */
  retryMs?: number
  /** Longest reconnect delay in ms (default 30 000). */
  maxRetryMs?: number
}

/** Options of `client.executions.events`. */
export interface EventsIterableOptions {
  /** Start after this `seq` (default 0). */
  afterSeq?: number
  /** Ends the iteration. */
  signal?: AbortSignal
  /** First reconnect delay in ms (default 1000). */
  retryMs?: number
}

/** `client.workflows`. */
export interface WorkflowsClient {
  /** `GET /workflows`. */
  list(): Promise<WorkflowRecord[]>
  /** `GET /workflows/:id`. */
  get(id: string): Promise<SavedWorkflow>
  /** `POST /workflows`: validates and saves a version (400 `WORKFLOW_INVALID`). */
  save(definition: SaveWorkflowRequest['definition'], options?: { notes?: string }): Promise<SaveResult>
  /** `POST /workflows/validate`: `{ ok, workflow }` or `{ ok: false, issues }`. */
  validate(definition: unknown): Promise<ValidationResult>
  /** `GET /workflows/:id/history`, newest first. */
  history(id: string): Promise<WorkflowVersionRecord[]>
  /** `POST /workflows/:id/rollback`. */
  rollback(id: string, options: RollbackRequest): Promise<SaveResult>
  /** `DELETE /workflows/:id`: `true` (404 `NOT_FOUND` when unknown). */
  delete(id: string): Promise<boolean>
}

/** `client.executions`. */
export interface ExecutionsClient {
  /** `POST /executions`: starts and returns at once (status `pending`). */
  start(workflow: StartExecutionRequest['workflow'], options?: Omit<StartExecutionRequest, 'workflow'>): Promise<Execution>
  /** `GET /executions/:id`. */
  get(id: string): Promise<Execution>
  /** `GET /executions?workflowId&status&limit&before`, newest first. */
  list(filter?: ExecutionFilter): Promise<Execution[]>
  /** `GET /executions/:id/steps`. */
  steps(id: string): Promise<StepRecord[]>
  /** `POST /executions/:id/cancel`: resolves with the execution once cancelled (or already terminal). */
  cancel(id: string, options?: { reason?: string }): Promise<Execution>
  /** `POST /executions/:id/approve`: the decision (409 `APPROVAL_ALREADY_DECIDED`, `APPROVAL_AMBIGUOUS`). */
  approve(id: string, input: ApproveRequest): Promise<ApprovalDecision>
  /** `POST /executions/:id/retry-from`: the new execution. */
  retryFrom(id: string, options: RetryFromRequest): Promise<Execution>
  /** `GET /executions/:id/approvals`. */
  approvals(id: string): Promise<ApprovalRecord[]>
  /** Follows `GET /executions/:id/events` (SSE) with reconnects; returns unsubscribe. */
  subscribe(executionId: string, options: SubscribeOptions): () => void
  /** The same stream as an async iterable; ends after the terminal event. */
  events(executionId: string, options?: EventsIterableOptions): AsyncIterable<StepwiseEvent>
}

/** `client.triggers`. */
export interface TriggersClient {
  /** `GET /triggers?type&workflowId&enabled`. */
  list(filter?: TriggerFilter): Promise<TriggerRecord[]>
  /** `GET /triggers/:id`. */
  get(id: string): Promise<TriggerRecord>
  /** `POST /triggers`: upserts by name (400 `TRIGGER_INVALID`). */
  save(trigger: TriggerInput): Promise<TriggerRecord>
  /** `DELETE /triggers/:id`: `true` (404 `NOT_FOUND` when unknown). */
  remove(id: string): Promise<boolean>
  /** `POST /triggers/:id/fire`. */
  fire(id: string, payload?: unknown, options?: Omit<FireTriggerRequest, 'payload'>): Promise<FireResult>
  /** `GET /triggers/:id/deliveries?limit&before&deliveryId`, newest first. */
  deliveries(id: string, options?: DeliveryListOptions): Promise<DeliveryPage>
}

/** `client.proposals`: changes to workflows suggested (often by agents), reviewed, then applied. */
export interface ProposalsClient {
  /** `GET /workflows/:workflowId/proposals` (with `workflowId`) or `GET /proposals`, newest first; `?status&limit`. */
  list(filter?: ProposalFilter): Promise<ProposalRecord[]>
  /** `GET /proposals/:id`. */
  get(id: string): Promise<ProposalRecord>
  /** `POST /workflows/:workflowId/proposals` (409 `PROPOSAL_STALE` when `baseHash` is not the head). */
  create(workflowId: string, input: CreateProposalRequest): Promise<ProposalRecord>
  /** `POST /proposals/:id/review` (409 `PROPOSAL_STATE_INVALID`, `PROPOSAL_EXPIRED`). */
  review(id: string, input: ReviewProposalRequest): Promise<ProposalRecord>
  /** `POST /proposals/:id/apply`: saves the proposed version (idempotent: `alreadyApplied`). */
  apply(id: string, input?: ApplyProposalRequest): Promise<ApplyProposalResult>
}

/** The typed client of `createHandler`'s routes. Every failure rejects with a `StepwiseError` (same `code` as on the server). */
export interface StepwiseClient {
  /** Workflows. */
  readonly workflows: WorkflowsClient
  /** Executions, approvals and the event stream. */
  readonly executions: ExecutionsClient
  /** Triggers and their delivery log. */
  readonly triggers: TriggersClient
  /** Proposals. */
  readonly proposals: ProposalsClient
  /** `POST /workflows/draft`: whatever the server's `draft` option returns (501 `CONFIGURATION_INVALID` when none). */
  draft<T = unknown>(input: DraftRequest): Promise<T>
}
