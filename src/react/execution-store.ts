/**
 * @module
 * The state of one execution for a UI, kept outside React: the fetched records, then every event
 * applied as it arrives. `getSnapshot()` returns the same object until something changes, so it
 * plugs into `useSyncExternalStore`; listeners are told once per microtask, however many events
 * arrived in it.
 */
import type { Execution, ExecutionStatus, StepRecord, StepwiseEvent } from '../index.js'
import { isAgentEvent, reduceAgentTurn, type AgentTurn } from './agent-turns.js'
import { approvalFromStep, isApprovalEvent, reduceApproval, type ApprovalState } from './approval-state.js'
import { executionPatchOf, isStepRecordEvent, reduceExecution, reduceStepRecord, type ExecutionPatch, type StepRecordEvent } from './apply-events.js'
import { stepInstanceKey } from './step-instance.js'

/** An action on the execution that the UI shows before the server confirms it. */
export type ExecutionAction = 'approve' | 'deny' | 'cancel'

/** State of the live event subscription: `idle` before it starts, `closed` after the terminal event or an unsubscribe. */
export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed'

/** Everything a UI shows about one execution. A new object whenever anything in it changed. */
export interface ExecutionSnapshot {
  /** The execution record, once fetched (events keep it current). */
  execution: Execution | undefined
  /** Step records, one per attempt, in the order they were first seen. */
  steps: readonly StepRecord[]
  /** The most recent events (at most `maxEvents`), oldest first. */
  events: readonly StepwiseEvent[]
  /** Agent turns in the order they started. */
  turns: readonly AgentTurn[]
  /** Approvals of the execution. */
  approvals: readonly ApprovalState[]
  /** The status to show: an optimistic one while an approve or deny is in flight, else the last known. */
  status: ExecutionStatus | undefined
  /** True until the execution record and its steps were fetched. */
  isLoading: boolean
  /** The last error: a failed fetch, a lost subscription, or a rejected action (after its rollback). */
  error: Error | undefined
  /** The action in flight, if any. */
  pending: ExecutionAction | undefined
  /** Highest event `seq` applied. */
  lastSeq: number
  /** State of the event subscription. */
  connection: ConnectionState
}

/** Options of {@link ExecutionStore}. */
export interface ExecutionStoreOptions {
  /** How many recent events `snapshot.events` keeps (default 500). Deltas count too. */
  maxEvents?: number
}

interface Optimistic {
  action: ExecutionAction
  status: ExecutionStatus
  afterSeq: number
}

/** Live state of one execution, fed by {@link ExecutionStore.load} and {@link ExecutionStore.apply}. */
export class ExecutionStore {
  readonly #maxEvents: number
  #execution: Execution | undefined
  #patch: ExecutionPatch = {}
  readonly #steps = new Map<string, StepRecord>()
  readonly #turns = new Map<string, AgentTurn>()
  readonly #approvals = new Map<string, ApprovalState>()
  #events: StepwiseEvent[] = []
  /** Step events that arrived before {@link ExecutionStore.load}, applied again over the fetched records. */
  #early: StepRecordEvent[] | undefined = []
  #lastSeq = 0
  #isLoading = true
  #error: Error | undefined
  #optimistic: Optimistic | undefined
  #pending: ExecutionAction | undefined
  #connection: ConnectionState = 'idle'
  #snapshot: ExecutionSnapshot | undefined
  #notifyQueued = false
  readonly #listeners = new Set<() => void>()

  /** Creates an empty store (`isLoading` until {@link ExecutionStore.load}). */
  constructor(options: ExecutionStoreOptions = {}) {
    this.#maxEvents = Math.max(0, options.maxEvents ?? 500)
  }

  /** Registers a listener; returns the unsubscribe function (the `useSyncExternalStore` contract). */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** The current snapshot: the same object until something changes. */
  getSnapshot = (): ExecutionSnapshot => {
    this.#snapshot ??= this.#build()
    return this.#snapshot
  }

  /**
   * Sets the fetched execution and step records. Events that arrived before them are applied
   * again on top (a record never moves back from a terminal status), so the order of fetch and
   * subscription does not matter.
   */
  load(execution: Execution, steps: readonly StepRecord[]): void {
    this.#execution = reduceExecution(execution, this.#patch)
    for (const step of steps) {
      const key = `${stepInstanceKey(step.executionId, step.stepId, step.iterationPath)}#${step.attempt}`
      const known = this.#steps.get(key)
      if (known === undefined || !isFinal(known)) this.#steps.set(key, step)
      const approval = approvalFromStep(step)
      const approvalKey = stepInstanceKey(step.executionId, step.stepId, step.iterationPath)
      if (approval !== undefined && !this.#approvals.has(approvalKey)) this.#approvals.set(approvalKey, approval)
    }
    for (const event of this.#early ?? []) this.#applyStep(event)
    this.#early = undefined
    this.#isLoading = false
    this.#changed()
  }

  /** Applies one event. Events at or below the last applied `seq` are ignored (replays after a reconnect). */
  apply(event: StepwiseEvent): void {
    if (event.seq <= this.#lastSeq) return
    this.#lastSeq = event.seq
    this.#events.push(event)
    if (this.#events.length > this.#maxEvents) this.#events = this.#events.slice(-this.#maxEvents)
    const patch = executionPatchOf(event)
    if (patch !== undefined) {
      this.#patch = mergePatch(this.#patch, patch)
      if (this.#execution !== undefined) this.#execution = reduceExecution(this.#execution, patch)
      if (this.#optimistic !== undefined && event.seq > this.#optimistic.afterSeq) this.#optimistic = undefined
    } else if (isStepRecordEvent(event)) {
      this.#early?.push(event)
      this.#applyStep(event)
    } else if (isAgentEvent(event)) {
      this.#turns.set(event.turnId, reduceAgentTurn(this.#turns.get(event.turnId), event))
    } else if (isApprovalEvent(event)) {
      const key = stepInstanceKey(event.executionId, event.stepId, event.iterationPath)
      this.#approvals.set(key, reduceApproval(this.#approvals.get(key), event))
    }
    this.#changed()
  }

  /** Sets the state of the event subscription. */
  setConnection(state: ConnectionState): void {
    if (state === this.#connection) return
    this.#connection = state
    this.#changed()
  }

  /** Records an error (a failed fetch or a lost subscription); `isLoading` ends. */
  fail(error: unknown): void {
    this.#error = toError(error)
    this.#isLoading = false
    this.#changed()
  }

  /**
   * Runs an action with an optimistic status: the snapshot shows `status` at once (listeners are
   * told synchronously, so the click that started it renders it); when `run`
   * rejects, the status rolls back and the error is exposed. Resolves `true` when the action
   * succeeded (never rejects). The optimistic status gives way to the next execution event.
   */
  async act(action: ExecutionAction, status: ExecutionStatus | undefined, run: () => Promise<unknown>): Promise<boolean> {
    const previous = this.#optimistic
    if (status !== undefined) this.#optimistic = { action, status, afterSeq: this.#lastSeq }
    this.#pending = action
    this.#error = undefined
    this.#changed(true)
    try {
      await run()
      return true
    } catch (error) {
      if (status !== undefined && this.#optimistic?.action === action) this.#optimistic = previous
      this.#error = toError(error)
      return false
    } finally {
      if (this.#pending === action) this.#pending = undefined
      this.#changed()
    }
  }

  #applyStep(event: StepRecordEvent): void {
    const key = `${stepInstanceKey(event.executionId, event.stepId, event.iterationPath)}#${event.attempt}`
    const before = this.#steps.get(key)
    const after = reduceStepRecord(before, event)
    if (after !== before) this.#steps.set(key, after)
  }

  #build(): ExecutionSnapshot {
    return {
      execution: this.#execution,
      steps: [...this.#steps.values()],
      events: [...this.#events],
      turns: [...this.#turns.values()],
      approvals: [...this.#approvals.values()],
      status: this.#optimistic?.status ?? this.#execution?.status ?? this.#patch.status,
      isLoading: this.#isLoading,
      error: this.#error,
      pending: this.#pending,
      lastSeq: this.#lastSeq,
      connection: this.#connection,
    }
  }

  /** Drops the snapshot and tells listeners: at once for a user's action, else once per microtask. */
  #changed(now = false): void {
    this.#snapshot = undefined
    if (now) {
      for (const listener of [...this.#listeners]) listener()
      return
    }
    if (this.#notifyQueued) return
    this.#notifyQueued = true
    queueMicrotask(() => {
      this.#notifyQueued = false
      for (const listener of [...this.#listeners]) listener()
    })
  }
}

function isFinal(step: StepRecord): boolean {
  return step.status === 'completed' || step.status === 'failed' || step.status === 'skipped' || step.status === 'cancelled'
}

function mergePatch(before: ExecutionPatch, patch: ExecutionPatch): ExecutionPatch {
  if (before.final !== undefined) return before
  return { ...before, ...patch }
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error))
}
