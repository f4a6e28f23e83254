/**
 * The reference model of the execution state machine the model-based test checks the engine
 * against. It knows one workflow, `flow`: `work` (a tool the test releases step by step), `gate`
 * (an approval; a denial cancels), `nap` (a 60 s timer), `finish` (an instant tool); and one
 * minutely schedule starting `echo` (one instant step). Engine instances are numbered by
 * generation: a crash kills the live one (its clock stops, its tool calls hang) and starts the next.
 * Pure data and functions: no engine code.
 */

/** Lease of the engines (ms). Every time step of the test is longer, so a dead instance's leases expire at the next one. */
export const LEASE_MS = 20_000
/** `nap` duration (ms). */
export const NAP_MS = 60_000
/** World time at the start of every run; the schedule is saved then. */
export const T0 = Date.parse('2026-01-01T00:00:30.000Z')

/** Where an execution of `flow` is. */
export type Position = 'work' | 'gate' | 'nap' | 'done'

/** One execution of `flow` as the model sees it. */
export interface ModelExecution {
  status: 'running' | 'waiting' | 'completed' | 'cancelled'
  at: Position
  /** Generation of the instance holding its lease while running. */
  owner?: number
  /** When `nap` ends. */
  wakeAt?: number
  approval: 'none' | 'pending' | 'approved' | 'denied'
  /** A cancel recorded while a dead instance held the lease (applied when it is taken over). */
  cancelRequested: boolean
  /** Calls of `work`, of `finish` (all with the execution's one idempotency key per step). */
  workCalls: number
  finishCalls: number
  /** A `work` call of this generation is waiting to be released. */
  pendingWork: number[]
}

/** The whole model. */
export interface Model {
  now: number
  /** The live instance's generation. */
  generation: number
  executions: ModelExecution[]
  /** Webhook delivery id → index in `executions`. */
  deliveries: Map<string, number>
}

/** A fresh model at {@link T0}. */
export function initialModel(): Model {
  return { now: T0, generation: 0, executions: [], deliveries: new Map() }
}

/** A new execution started on the live instance: it runs until `work` blocks. */
export function started(model: Model): ModelExecution {
  const execution: ModelExecution = { status: 'running', at: 'work', owner: model.generation, approval: 'none', cancelRequested: false, workCalls: 1, finishCalls: 0, pendingWork: [model.generation] }
  model.executions.push(execution)
  return execution
}

/**
 * A `work` call of generation `generation` returns. It commits only if that instance still holds
 * the lease (the live one, or a dead one nobody took over yet: a paused process resuming);
 * otherwise the fence rejects it and nothing changes.
 */
export function workReturned(execution: ModelExecution, generation: number): void {
  execution.pendingWork = execution.pendingWork.filter((g) => g !== generation)
  if (execution.status !== 'running' || execution.at !== 'work' || execution.owner !== generation) return
  execution.owner = undefined
  if (execution.cancelRequested) {
    execution.status = 'cancelled' // the commit returns the cancel request; the next step is not run
    execution.at = 'done'
    return
  }
  execution.at = 'gate'
  execution.status = 'waiting'
  execution.approval = 'pending'
}

/** Outcome of a decision: the stored decision comes back, or an error code. */
export type DecisionOutcome = { approved: boolean } | { code: 'APPROVAL_NOT_WAITING' | 'APPROVAL_ALREADY_DECIDED' }

/** `executions.approve(id, { approved })`. */
export function decide(model: Model, execution: ModelExecution, approved: boolean): DecisionOutcome {
  if (execution.approval === 'approved' || execution.approval === 'denied') {
    const stored = execution.approval === 'approved'
    return stored === approved ? { approved: stored } : { code: 'APPROVAL_ALREADY_DECIDED' }
  }
  if (execution.approval === 'none' || execution.status !== 'waiting') return { code: 'APPROVAL_NOT_WAITING' }
  execution.approval = approved ? 'approved' : 'denied'
  if (approved) {
    execution.at = 'nap'
    execution.wakeAt = model.now + NAP_MS
  } else {
    execution.at = 'done'
    execution.status = 'cancelled'
  }
  return { approved }
}

/** `executions.cancel(id)`: returns the status it resolves with. */
export function cancel(model: Model, execution: ModelExecution): ModelExecution['status'] {
  if (execution.status === 'completed' || execution.status === 'cancelled') return execution.status
  if (execution.status === 'running' && execution.owner !== model.generation) {
    execution.cancelRequested = true // a dead instance holds the lease: recorded, applied on takeover
    return 'running'
  }
  execution.status = 'cancelled'
  execution.at = 'done'
  execution.owner = undefined
  execution.pendingWork = execution.pendingWork.filter((g) => g !== model.generation) // the live call is aborted
  return 'cancelled'
}

/** The live instance crashed; the next generation takes its place. */
export function crash(model: Model): void {
  model.generation += 1
}

/**
 * Time moves by `ms` (always more than the lease) and the live instance ticks: due naps end and
 * `finish` runs; executions a dead instance held are taken over (cancelled if a cancel waits,
 * else `work` runs again on the live instance).
 */
export function advance(model: Model, ms: number): void {
  if (ms <= LEASE_MS) throw new Error('the model only knows time steps longer than the lease')
  model.now += ms
  for (const execution of model.executions) {
    if (execution.status === 'waiting' && execution.at === 'nap' && (execution.wakeAt ?? Infinity) <= model.now) {
      execution.status = 'completed'
      execution.at = 'done'
      execution.finishCalls += 1
    }
    if (execution.status === 'running' && execution.owner !== model.generation) {
      if (execution.cancelRequested) {
        execution.status = 'cancelled'
        execution.at = 'done'
        execution.owner = undefined
      } else {
        execution.owner = model.generation
        execution.workCalls += 1
        execution.pendingWork.push(model.generation)
      }
    }
  }
}

/** Executions of `echo` the minutely schedule has started by now (one per minute after {@link T0}). */
export function echoes(model: Model): number {
  return Math.floor(model.now / 60_000) - Math.floor(T0 / 60_000)
}
