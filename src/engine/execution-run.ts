import { StepwiseError } from '../errors/stepwise-error.js'
import type { StorageAdapterV1, CommitBatch, CommitResult } from '../adapters/storage/storage-adapter.js'
import type { StepBase, WorkflowDefinition, WorkflowLimits } from '../language/workflow-types.js'
import { systemClock } from './clock.js'
import type { EventBus } from './event-bus.js'
import type { EventInput, StepwiseEvent } from './events.js'
import type { StepRecord, StoredExecution } from './records.js'
import type { EngineServices } from './services.js'
import type { AnyStepType } from './step-type.js'

const abortPromises = new WeakMap<AbortSignal, Promise<never>>()

/** Runs with queued writes, flushed together once per turn of the event loop (one shared setImmediate). */
const dirtyRuns = new Set<ExecutionRun>()
let flushQueued = false

function flushDirtyRuns(): void {
  flushQueued = false
  const runs = [...dirtyRuns]
  dirtyRuns.clear()
  for (const run of runs) run.flushQueued()
}

/** Adds a row to a batch, replacing an earlier row of the same step instance. */
function addRow(rows: StepRecord[], row: StepRecord): void {
  for (let i = rows.length - 1; i >= 0; i--) {
    const other = rows[i]
    if (other.stepId === row.stepId && other.attempt === row.attempt && other.iterationPath === row.iterationPath) {
      rows[i] = row
      return
    }
  }
  rows.push(row)
}

/** A queued write of step rows and events that later commits of the same kind join (group commit). */
interface JoinableWrite {
  steps: StepRecord[]
  events: StepwiseEvent[]
  promise: Promise<void>
}

/** Journal key of a step instance (all attempts). */
export function journalKey(stepId: string, iterationPath: string): string {
  return iterationPath === '' ? stepId : `${stepId}\u0000${iterationPath}`
}

/** Source rows reused by a retry-from run. */
export interface ReplaySource {
  /** Completed/skipped rows of the source execution by journal key. */
  rows: Map<string, StepRecord>
  /** Whether an instance (by ordinal) comes before the target and is not its ancestor. */
  shouldReplay(stepId: string, iterationPath: string): boolean
}

/**
 * The in-memory state of one execution while an engine instance holds its lease. Commits go
 * through one chain so events reach storage (and live subscribers) in `seq` order.
 */
export class ExecutionRun {
  readonly tenantId: string
  readonly record: StoredExecution
  readonly definition: WorkflowDefinition
  readonly services: EngineServices
  readonly limits: WorkflowLimits
  readonly registry: ReadonlyMap<string, AnyStepType>
  readonly journal: Map<string, StepRecord>
  readonly abort = new AbortController()
  readonly executionInfo: { id: string; workflowId: string; startedAt: string }
  replay?: ReplaySource
  visited = 0
  stateBytes = 0
  activeAgents = 0
  #storage: StorageAdapterV1
  #bus: EventBus
  #fence: number
  #seq: number
  #pending: StepwiseEvent[] = []
  #pendingRows: StepRecord[] = []
  #chain: Promise<unknown> = Promise.resolve()
  #inFlight = 0
  #joinable?: JoinableWrite
  #isoMs = Number.NaN
  #iso = ''
  readonly #realTime: boolean
  #failure?: StepwiseError
  #closing?: StepwiseError

  constructor(options: {
    tenantId: string
    record: StoredExecution
    definition: WorkflowDefinition
    fence: number
    storage: StorageAdapterV1
    bus: EventBus
    services: EngineServices
    limits: WorkflowLimits
    registry: ReadonlyMap<string, AnyStepType>
    journal: Map<string, StepRecord>
  }) {
    this.tenantId = options.tenantId
    this.record = options.record
    this.definition = options.definition
    this.#fence = options.fence
    this.#seq = options.record.lastSeq
    this.#storage = options.storage
    this.#bus = options.bus
    this.services = options.services
    this.#realTime = options.services.clock === systemClock
    this.limits = options.limits
    this.registry = options.registry
    this.journal = options.journal
    this.executionInfo = { id: options.record.id, workflowId: options.record.workflowId, startedAt: options.record.startedAt }
  }

  /** The storage adapter. */
  get storage(): StorageAdapterV1 {
    return this.#storage
  }

  /** Waits found in this pass (leaf steps only), for the execution's `waitingFor` and `wakeAt`. */
  readonly waits: { waitingFor: import('./records.js').WaitingFor; wakeAt?: number }[] = []

  /** Set when an `end` step stopped the execution. */
  ended?: { status: 'completed' | 'failed'; output?: unknown; error?: StepwiseError }

  /** Current epoch ms of the engine clock (the real clock without allocating a `Date`). */
  now(): number {
    return this.#realTime ? Date.now() : this.services.clock.now().getTime()
  }

  /** The first storage failure (lease lost…) that stopped this run. */
  get failure(): StepwiseError | undefined {
    return this.#failure
  }

  /** ISO form of an epoch ms, cached for the last value (many events share a millisecond). */
  iso(ms: number): string {
    if (ms !== this.#isoMs) {
      this.#isoMs = ms
      this.#iso = new Date(ms).toISOString()
    }
    return this.#iso
  }

  /** Assigns `seq` and queues an event for the next commit. */
  emit(input: EventInput, at?: string): StepwiseEvent {
    const event: Record<string, unknown> = {
      type: input.type,
      seq: ++this.#seq,
      executionId: this.record.id,
      workflowId: this.record.workflowId,
      at: at ?? this.iso(this.now()),
    }
    for (const key in input) if (key !== 'type') event[key] = (input as Record<string, unknown>)[key]
    this.#queue(event as unknown as StepwiseEvent)
    return event as unknown as StepwiseEvent
  }

  /**
   * Like {@link emit} for a step-scoped event. The base fields come first in one literal (so they
   * live inside the object) and the type's own fields are copied after: compact in memory, and no
   * object spread on the hot path.
   */
  emitStep(input: { type: string }, stepId: string, stepType: string, iterationPath: string, attempt: number): void {
    const event: Record<string, unknown> = {
      type: input.type,
      seq: ++this.#seq,
      executionId: this.record.id,
      workflowId: this.record.workflowId,
      at: this.iso(this.now()),
      stepId,
      stepType,
      iterationPath,
      attempt,
    }
    for (const key in input) if (key !== 'type') event[key] = (input as Record<string, unknown>)[key]
    this.#queue(event as unknown as StepwiseEvent)
  }

  /**
   * The two events every step emits, built as one literal each (the hot path of the engine):
   * `step.started` with `input`, `step.completed` with `output` and `durationMs`.
   */
  emitStepEvent(type: 'step.started' | 'step.completed', row: StepRecord, payload: unknown, durationMs: number | undefined): void {
    const seq = ++this.#seq
    const at = this.iso(this.now())
    const event =
      type === 'step.started'
        ? { type, seq, executionId: row.executionId, workflowId: this.record.workflowId, at, stepId: row.stepId, stepType: row.stepType, iterationPath: row.iterationPath, attempt: row.attempt, input: payload }
        : { type, seq, executionId: row.executionId, workflowId: this.record.workflowId, at, stepId: row.stepId, stepType: row.stepType, iterationPath: row.iterationPath, attempt: row.attempt, output: payload, durationMs: durationMs as number }
    this.#queue(event as StepwiseEvent)
  }

  #queue(event: StepwiseEvent): void {
    this.#pending.push(event)
    // Events emitted without a step commit (streamed deltas) are written in one batch per turn
    // of the event loop; a step commit in the meantime takes them along in order.
    this.#scheduleFlush()
  }

  #scheduleFlush(): void {
    dirtyRuns.add(this)
    if (!flushQueued) {
      flushQueued = true
      setImmediate(flushDirtyRuns)
    }
  }

  /** Writes what is queued (called once per turn of the event loop for runs with queued writes). */
  flushQueued(): void {
    if (this.#pending.length > 0 || this.#pendingRows.length > 0) this.commit({}).catch(() => undefined)
  }

  /**
   * Stages a step row (a step's start) to be written with the next commit, or at the end of this
   * turn of the event loop, whichever comes first. A step that finishes within the turn is then
   * written once instead of twice; a slower one has its start written (and streamed) a moment
   * after it began. A crash in that window re-runs the step with the same idempotency key — the
   * same guarantee as a crash after the start was written.
   */
  stage(row: StepRecord): void {
    addRow(this.#pendingRows, row)
    this.#scheduleFlush()
  }

  /** A promise that rejects with the signal's reason when it aborts (one per signal, cached). */
  abortPromise(signal: AbortSignal): Promise<never> {
    let promise = abortPromises.get(signal)
    if (promise === undefined) {
      promise = new Promise<never>((_, reject) => {
        if (signal.aborted) reject(signal.reason)
        else signal.addEventListener('abort', () => reject(signal.reason), { once: true })
      })
      promise.catch(() => undefined)
      abortPromises.set(signal, promise)
    }
    return promise
  }

  /** Writes a batch (plus every queued event) atomically, in order with earlier commits. */
  commit(batch: Omit<CommitBatch, 'events'>): Promise<void> {
    const events = this.#pending
    if (events.length > 0) this.#pending = []
    if (this.#pendingRows.length > 0) {
      // Rows staged by `stage()` go first; a later row of the same instance replaces its staged one.
      const rows = this.#pendingRows
      this.#pendingRows = []
      if (batch.steps !== undefined) for (const row of batch.steps) addRow(rows, row)
      ;(batch as { steps?: readonly StepRecord[] }).steps = rows
    }
    // This commit takes everything queued: the run no longer needs the shared flush (and a settled
    // run is not kept alive by it).
    dirtyRuns.delete(this)
    if (this.#failure !== undefined) return Promise.reject(this.#failure)
    if (this.#closing !== undefined) return Promise.reject(this.#closing)
    // Callers pass a fresh literal, so the queued events are attached to it rather than copying it.
    const full = batch as CommitBatch
    if (events.length > 0) (full as { events?: readonly StepwiseEvent[] }).events = events
    if (this.#inFlight > 0) {
      // Group commit: while a write is in flight, commits of step rows and events (parallel
      // branches finishing together, streamed events) join one queued write instead of queueing
      // one each. Each caller still resolves only once its own rows are stored.
      if (full.execution === undefined && full.approvals === undefined && full.releaseLease !== true) return this.#join(full)
      // Anything else is written after the queued write, so nothing may join that one any more.
      this.#joinable = undefined
    }
    // Commits are chained so storage sees them in seq order; when none is in flight the chain is skipped.
    let result: Promise<void>
    if (this.#inFlight === 0) result = this.#write(full, events)
    else {
      // Runs after the previous write whether it succeeded or not (after a failure it rejects at once).
      const write = (): Promise<void> => this.#write(full, events)
      result = this.#chain.then(write, write)
    }
    this.#inFlight += 1
    this.#chain = result
    return result
  }

  #join(batch: CommitBatch): Promise<void> {
    const open = this.#joinable
    if (open !== undefined) {
      for (const row of batch.steps ?? []) addRow(open.steps, row)
      for (const event of batch.events ?? []) open.events.push(event)
      return open.promise
    }
    const write: JoinableWrite = { steps: [...(batch.steps ?? [])], events: [...(batch.events ?? [])], promise: Promise.resolve() }
    const start = (): Promise<void> => {
      // Once the write starts, later commits queue behind it.
      if (this.#joinable === write) this.#joinable = undefined
      const joined: { steps?: StepRecord[]; events?: StepwiseEvent[] } = {}
      if (write.steps.length > 0) joined.steps = write.steps
      if (write.events.length > 0) joined.events = write.events
      return this.#write(joined, write.events)
    }
    write.promise = this.#chain.then(start, start)
    this.#joinable = write
    this.#inFlight += 1
    this.#chain = write.promise
    return write.promise
  }

  /**
   * Writes one batch and publishes its events; the first failure stops the run (later writes
   * reject with it). Counts the write out of `#inFlight` when it settles. No async frame: this is
   * every step's path.
   */
  #write(batch: CommitBatch, events: readonly StepwiseEvent[]): Promise<void> {
    let pending: Promise<CommitResult>
    if (this.#failure !== undefined) pending = Promise.reject(this.#failure)
    else {
      try {
        pending = this.#storage.commit(this.tenantId, this.record.id, this.#fence, batch)
      } catch (error) {
        pending = Promise.reject(error)
      }
    }
    return pending.then(
      (outcome) => {
        this.#inFlight -= 1
        for (const event of events) this.#bus.publish(this.tenantId, event)
        if (outcome.cancelRequested !== undefined) this.cancel(outcome.cancelRequested.reason)
      },
      (error: unknown) => {
        this.#inFlight -= 1
        // The first failure is the run's; later writes reject with it.
        const failure = (this.#failure ??= StepwiseError.from(error, 'STORAGE_CONFLICT'))
        this.abort.abort(failure)
        throw failure
      },
    )
  }

  /** Waits until every queued commit has been written. */
  async drain(): Promise<void> {
    if (this.#pending.length > 0 || this.#pendingRows.length > 0) await this.commit({}).catch(() => undefined)

    await this.#chain.catch(() => undefined)
  }

  /**
   * Stops this run without finishing it (engine shutdown): no further writes, the lease is
   * released at once so another instance resumes the execution (running steps re-run there with
   * the same idempotency key).
   */
  async release(): Promise<void> {
    if (this.#failure !== undefined) return
    const closed = new StepwiseError('ENGINE_CLOSED', `Engine closed while execution ${this.record.id} was running; its lease was released.`)
    this.#closing = closed
    await this.#chain.catch(() => undefined)
    try {
      await this.#storage.commit(this.tenantId, this.record.id, this.#fence, { releaseLease: true })
    } catch {
      // Someone else already owns it, or it finished: nothing to release.
    }
    this.#failure = closed
    this.abort.abort(closed)
  }

  /** Cooperative cancel: aborts running steps with a `CANCELLED` reason. */
  cancel(reason: string): void {
    if (this.abort.signal.aborted) return
    this.abort.abort(new StepwiseError('CANCELLED', `Execution cancelled: ${reason}`, { details: { reason } }))
  }

  /** Whether the run was cancelled (as opposed to failing for another reason). */
  cancelReason(): string | undefined {
    const reason: unknown = this.abort.signal.reason
    if (StepwiseError.isInstance(reason) && reason.code === 'CANCELLED') return String(reason.details?.reason ?? 'cancelled')
    return undefined
  }

  /** Finds the step type of a step (validated documents only contain known types). */
  stepType(step: StepBase): AnyStepType {
    const type = this.registry.get(step.type)
    if (type === undefined) throw new StepwiseError('WORKFLOW_INVALID', `Unknown step type "${step.type}" at step ${step.id}.`, { stepId: step.id })
    return type
  }
}
