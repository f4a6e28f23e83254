import { randomUUID } from 'node:crypto'
import PQueue from 'p-queue'
import { StepwiseError } from '../errors/stepwise-error.js'
import type { StorageAdapterV1 } from '../adapters/storage/storage-adapter.js'
import type { Notifier } from '../adapters/notify/notifier.js'
import type { ShellAdapter } from '../adapters/shell/shell-adapter.js'
import type { ToolPolicy } from '../policy/policy.js'
import type { AgentRunner } from '../adapters/model/agent-runner.js'
import type { EmitOptions, EmitResult, TriggersApi } from '../triggers/api-types.js'
import type { StepSchemaSpec } from '../language/step-schema-spec.js'
import { DEFAULT_LIMITS, type WorkflowDefinition, type WorkflowLimits } from '../language/workflow-types.js'
import type { WorkflowValidator } from '../language/validate-workflow.js'
import type { Clock, ClockTimer } from './clock.js'
import { driveOnce } from './driver.js'
import { EventBus } from './event-bus.js'
import { TERMINAL_EVENT_TYPES, type StepwiseEvent } from './events.js'
import type { ExecutionRun } from './execution-run.js'
import { notifyFailure } from './failure-notify.js'
import { TERMINAL_EXECUTION_STATUSES, type StoredExecution } from './records.js'
import type { Scope } from './scope.js'
import type { EngineServices, ToolMap } from './services.js'
import type { AnyStepType } from './step-type.js'

/** Configuration the core needs (resolved from `createEngine` options). */
export interface EngineCoreConfig {
  storage: StorageAdapterV1
  clock: Clock
  registry: ReadonlyMap<string, AnyStepType>
  validator: WorkflowValidator
  tools: ToolMap
  notifiers: Record<string, Notifier>
  shell?: ShellAdapter
  models: Record<string, unknown>
  agent?: AgentRunner
  policy?: ToolPolicy
  limits: Partial<WorkflowLimits>
  leaseMs: number
  owner?: string
  /** Executions `tick()` drives at once (default 10). */
  concurrency?: number
}

interface ActiveDrive {
  again: boolean
  promise: Promise<StoredExecution | undefined>
}

/** Result of `engine.tick()`. */
export interface TickResult {
  /** Executions resumed (timers, approvals, expiries, orphaned leases). */
  resumed: number
  /** Schedule ticks dispatched by this call (executions started, prompts delivered). */
  scheduled: number
}

/**
 * What the trigger subsystem (`src/triggers`) plugs into the core; `createEngine` attaches it.
 * Keeps the engine free of imports of trigger code.
 */
export interface TriggerRuntime {
  /** The tenant-scoped `engine.triggers`. */
  api(tenantId: string): TriggersApi
  /** `engine.handleWebhook`. */
  handleWebhook(tenantId: string, request: Request): Promise<Response>
  /** `engine.emit`. */
  emit(tenantId: string, name: string, payload: unknown, options?: EmitOptions): Promise<EmitResult[]>
  /** Processes due schedule ticks of a tenant; resolves with the number dispatched. */
  tickSchedules(tenantId: string): Promise<number>
}

/**
 * The shared machinery behind every tenant-scoped engine API: storage, event bus, active
 * executions, the single wake timer. Internal; hosts use `createEngine`.
 */
export class EngineCore {
  readonly storage: StorageAdapterV1
  readonly clock: Clock
  readonly registry: ReadonlyMap<string, AnyStepType>
  readonly specs: ReadonlyMap<string, StepSchemaSpec>
  readonly validator: WorkflowValidator
  readonly bus = new EventBus()
  readonly owner: string
  readonly leaseMs: number
  readonly limits: Partial<WorkflowLimits>
  readonly #services: Omit<EngineServices, 'limits'>
  readonly #drives = new Map<string, ActiveDrive>()
  readonly #runs = new Map<string, { run: ExecutionRun; scope: Scope }>()
  readonly #background = new Set<Promise<unknown>>()
  readonly #queue: PQueue
  readonly #queued = new Set<string>()
  #wakeTimer?: ClockTimer
  #wakeAt?: number
  readonly #wakes: { at: number; tenantId: string }[] = []
  #closed = false
  /** The trigger subsystem, once attached by `createEngine`. */
  triggers?: TriggerRuntime

  constructor(config: EngineCoreConfig) {
    this.storage = config.storage
    this.clock = config.clock
    this.registry = config.registry
    this.specs = new Map([...config.registry].map(([type, stepType]) => [type, stepType.schema]))
    this.validator = config.validator
    this.owner = config.owner ?? `engine-${randomUUID()}`
    this.leaseMs = config.leaseMs
    this.limits = config.limits
    this.#queue = new PQueue({ concurrency: Math.max(1, config.concurrency ?? 10) })
    const services: Omit<EngineServices, 'limits'> = { tools: config.tools, notifiers: config.notifiers, models: config.models, clock: config.clock }
    if (config.shell !== undefined) (services as { shell?: ShellAdapter }).shell = config.shell
    if (config.agent !== undefined) (services as { agent?: AgentRunner }).agent = config.agent
    if (config.policy !== undefined) (services as { policy?: ToolPolicy }).policy = config.policy
    this.#services = services
  }

  /** Epoch ms of the engine clock. */
  now(): number {
    return this.clock.now().getTime()
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#closed
  }

  /** Services with the effective limits of a definition. */
  servicesFor(definition: WorkflowDefinition | undefined): EngineServices {
    return { ...this.#services, limits: { ...DEFAULT_LIMITS, ...this.limits, ...definition?.limits } }
  }

  /** Registers a run while this instance drives it. */
  attach(tenantId: string, run: ExecutionRun, scope: Scope): void {
    this.#runs.set(`${tenantId}\u0000${run.record.id}`, { run, scope })
  }

  /** Unregisters a run. */
  detach(tenantId: string, run: ExecutionRun): void {
    const key = `${tenantId}\u0000${run.record.id}`
    if (this.#runs.get(key)?.run === run) this.#runs.delete(key)
  }

  /** The live run of an execution driven by this instance, if any. */
  live(tenantId: string, executionId: string): { run: ExecutionRun; scope: Scope } | undefined {
    return this.#runs.get(`${tenantId}\u0000${executionId}`)
  }

  /**
   * Called once by the instance that made an execution terminal: sends the workflow's failure
   * notification (see `failure-notify.ts`) in the background. Never throws.
   */
  afterTerminal(run: ExecutionRun): void {
    const promise = notifyFailure(this, run)
    this.#background.add(promise)
    void promise.finally(() => this.#background.delete(promise))
  }

  /** Keeps the lease alive while a run is driven. */
  startHeartbeat(tenantId: string, run: ExecutionRun, fence: number): ClockTimer {
    let timer: ClockTimer | undefined
    let stopped = false
    const beat = (): void => {
      if (stopped) return
      timer = this.clock.setTimer(() => {
        this.storage
          .renewLease(tenantId, run.record.id, fence, { owner: this.owner, leaseMs: this.leaseMs, now: this.now() })
          .then((ok) => {
            if (!ok && !stopped) run.abort.abort(new StepwiseError('LEASE_LOST', `Lease of execution ${run.record.id} was lost.`))
            else beat()
          })
          .catch(() => beat())
      }, Math.max(1, Math.floor(this.leaseMs / 3)))
    }
    beat()
    return {
      clear: () => {
        stopped = true
        timer?.clear()
      },
    }
  }

  /**
   * Drives an execution (claims, runs until terminal or waiting). Concurrent calls for the same
   * execution share one drive; a call during a drive makes it run once more afterwards, so a
   * decision that lands while the run is settling is never missed.
   */
  drive(tenantId: string, executionId: string): Promise<StoredExecution | undefined> {
    const key = `${tenantId}\u0000${executionId}`
    const active = this.#drives.get(key)
    if (active !== undefined) {
      active.again = true
      return active.promise
    }
    const entry: ActiveDrive = { again: false, promise: Promise.resolve(undefined) }
    entry.promise = (async () => {
      let result: StoredExecution | undefined
      do {
        entry.again = false
        result = await driveOnce(this, tenantId, executionId)
      } while (entry.again && result !== undefined && !TERMINAL_EXECUTION_STATUSES.has(result.status))
      return result
    })().finally(() => this.#drives.delete(key))
    this.#drives.set(key, entry)
    return entry.promise
  }

  /** Starts a drive in the background; errors never reach the host. */
  driveInBackground(tenantId: string, executionId: string): Promise<StoredExecution | undefined> {
    const promise = this.drive(tenantId, executionId).catch(() => undefined)
    this.#background.add(promise)
    void promise.finally(() => this.#background.delete(promise))
    return promise
  }

  /** Resolves when the execution is terminal or waiting with nothing running here. */
  async settled(tenantId: string, executionId: string): Promise<StoredExecution | undefined> {
    for (;;) {
      const active = this.#drives.get(`${tenantId}\u0000${executionId}`)
      if (active === undefined) return this.storage.getExecution(tenantId, executionId)
      await active.promise.catch(() => undefined)
    }
  }

  /**
   * Remembers that a tenant has an execution to wake at `wakeAt`. One clock timer is armed for
   * the earliest pending wake; when it fires, due tenants are ticked and the timer is re-armed
   * for the next one. (Executions parked by another process are woken by `tick()`/the worker.)
   */
  scheduleWake(tenantId: string, wakeAt: number): void {
    if (this.#closed) return
    const wakes = this.#wakes
    let index = wakes.length
    while (index > 0 && wakes[index - 1].at > wakeAt) index--
    if (index > 0 && wakes[index - 1].at === wakeAt && wakes[index - 1].tenantId === tenantId) return
    wakes.splice(index, 0, { at: wakeAt, tenantId })
    this.#armWake()
  }

  #armWake(): void {
    const next = this.#wakes[0]
    if (next === undefined || this.#closed) return
    if (this.#wakeTimer !== undefined && this.#wakeAt !== undefined && this.#wakeAt <= next.at) return
    this.#wakeTimer?.clear()
    this.#wakeAt = next.at
    this.#wakeTimer = this.clock.setTimer(() => {
      this.#wakeTimer = undefined
      this.#wakeAt = undefined
      const now = this.now()
      const tenants = new Set<string>()
      while (this.#wakes.length > 0 && this.#wakes[0].at <= now) tenants.add((this.#wakes.shift() as { tenantId: string }).tenantId)
      for (const tenant of tenants) {
        const promise = this.tick(tenant).catch(() => undefined)
        this.#background.add(promise)
        void promise.finally(() => this.#background.delete(promise))
      }
      this.#armWake()
    }, Math.max(0, next.at - this.now()))
  }

  /**
   * Processes what is due for a tenant: schedule ticks (their executions start in the
   * background), timers, decided or expired approvals, orphaned executions. At most
   * `concurrency` executions are driven at once (p-queue); resolves when the due executions
   * found are settled.
   */
  async tick(tenantId: string): Promise<TickResult> {
    if (this.#closed) return { resumed: 0, scheduled: 0 }
    const scheduled = this.tickSchedules(tenantId)
    const jobs = await this.scan(tenantId)
    await Promise.all(jobs)
    return { resumed: jobs.length, scheduled: await scheduled }
  }

  /**
   * Lists what is due for a tenant and queues the executions not already queued or running,
   * without waiting for them (the worker polls with this, so one slow execution never delays
   * picking up the next). Resolves with one promise per queued execution.
   */
  async scan(tenantId: string): Promise<Promise<unknown>[]> {
    if (this.#closed) return []
    const due = await this.storage.listDueExecutions(tenantId, this.now(), 100)
    const jobs: Promise<unknown>[] = []
    for (const item of due) {
      const key = `${tenantId}\u0000${item.id}`
      if (this.#drives.has(key) || this.#queued.has(key)) continue
      this.#queued.add(key)
      jobs.push(
        this.#queue.add(async () => {
          this.#queued.delete(key)
          if (!this.#closed) await this.drive(tenantId, item.id).catch(() => undefined)
        }),
      )
    }
    return jobs
  }

  /** Processes due schedule ticks of a tenant (0 without a trigger subsystem); never rejects. */
  tickSchedules(tenantId: string): Promise<number> {
    if (this.#closed || this.triggers === undefined) return Promise.resolve(0)
    return this.triggers.tickSchedules(tenantId).catch(() => 0)
  }

  /** Streams an execution's events after `afterSeq`: stored ones first, then live, no gaps or duplicates. */
  async *events(tenantId: string, executionId: string, afterSeq: number, signal?: AbortSignal): AsyncGenerator<StepwiseEvent> {
    const execution = await this.storage.getExecution(tenantId, executionId)
    if (execution === undefined) throw new StepwiseError('NOT_FOUND', `Execution ${executionId} not found.`)
    const buffer: StepwiseEvent[] = []
    let wake: (() => void) | undefined
    // A signal that arrives while the loop is reading storage (not sleeping) must not be lost.
    let signalled = false
    const poke = (): void => {
      signalled = true
      wake?.()
    }
    const unsubscribe = this.bus.onExecution(tenantId, executionId, (event) => {
      buffer.push(event)
      poke()
    })
    const onAbort = (): void => poke()
    signal?.addEventListener('abort', onAbort)
    // Events committed by another process arrive as a signal; the loop below reads them from storage.
    const unsubscribeRemote = this.storage.notifications?.onEvents(tenantId, executionId, poke)
    let last = afterSeq
    try {
      const catchUp = async function* (core: EngineCore): AsyncGenerator<StepwiseEvent, boolean> {
        for (;;) {
          const page = await core.storage.readEvents(tenantId, executionId, last, 500)
          for (const event of page) {
            if (event.seq <= last) continue
            last = event.seq
            yield event
            if (TERMINAL_EVENT_TYPES.has(event.type)) return true
          }
          if (page.length < 500) return false
        }
      }
      if (yield* catchUp(this)) return
      for (;;) {
        if (signal?.aborted === true) return
        signalled = false
        // Live events are delivered from the buffer; storage is read only when a gap shows or
        // before going to sleep, so a fast stream costs no reads per event.
        while (buffer.length > 0) {
          const event = buffer.shift() as StepwiseEvent
          if (event.seq <= last) continue
          if (event.seq > last + 1 && (yield* catchUp(this))) return
          if (event.seq <= last) continue
          last = event.seq
          yield event
          if (TERMINAL_EVENT_TYPES.has(event.type)) return
        }
        if (yield* catchUp(this)) return
        if (buffer.length > 0) continue
        const current = await this.storage.getExecution(tenantId, executionId)
        if (current !== undefined && TERMINAL_EXECUTION_STATUSES.has(current.status) && current.lastSeq <= last) return
        if (buffer.length > 0 || signalled) continue
        await new Promise<void>((resolve) => {
          // Safety net for executions driven by another process without a live event feed.
          const poll = setTimeout(() => resolve(), 1000)
          poll.unref?.()
          wake = () => {
            clearTimeout(poll)
            resolve()
          }
        })
        wake = undefined
      }
    } finally {
      unsubscribe()
      unsubscribeRemote?.()
      signal?.removeEventListener('abort', onAbort)
    }
  }

  /**
   * Stops timers and new work, lets in-flight executions finish for up to `graceMs`, then
   * releases the leases of those still running (another instance resumes them; their running
   * steps re-run there with the same idempotency key).
   */
  async close(graceMs = 10_000): Promise<void> {
    this.#closed = true
    this.#wakeTimer?.clear()
    this.#wakeTimer = undefined
    this.#queue.clear()
    const settled = Promise.all([...this.#drives.values()].map((d) => d.promise.catch(() => undefined)))
    let timer: ClockTimer | undefined
    const grace = new Promise<'timeout'>((resolve) => {
      const handle = setTimeout(() => resolve('timeout'), graceMs)
      handle.unref?.()
      timer = { clear: () => clearTimeout(handle) }
    })
    const outcome = await Promise.race([settled, grace])
    timer?.clear()
    if (outcome === 'timeout') {
      await Promise.all([...this.#runs.values()].map(({ run }) => run.release()))
      await settled
    }
    await Promise.all([...this.#background].map((p) => p.catch(() => undefined)))
  }
}
