/**
 * @module
 * Pure reducers that move execution and step records forward with events. A record never moves
 * back from a terminal status, so replaying old events over a fresher record changes nothing.
 */
import type { Execution, ExecutionStatus, StepRecord, StepStatus, StepwiseEvent, WaitingFor } from '../index.js'

const TERMINAL_STEP: ReadonlySet<StepStatus> = new Set(['completed', 'failed', 'skipped', 'cancelled'])
const TERMINAL_EXECUTION: ReadonlySet<ExecutionStatus> = new Set(['completed', 'failed', 'cancelled'])

/** Whether an execution status is terminal. */
export function isTerminalStatus(status: ExecutionStatus | undefined): boolean {
  return status !== undefined && TERMINAL_EXECUTION.has(status)
}

/** The step events that change a step record. */
export type StepRecordEvent = Extract<StepwiseEvent, { type: `step.${string}` }>

/** Whether an event changes a step record. */
export function isStepRecordEvent(event: StepwiseEvent): event is StepRecordEvent {
  return event.type.startsWith('step.')
}

/** The record of a step instance attempt a step event describes, before any event applies. */
function emptyRecord(event: StepRecordEvent): StepRecord {
  return {
    executionId: event.executionId,
    stepId: event.stepId,
    stepType: event.stepType,
    iterationPath: event.iterationPath,
    attempt: event.attempt,
    status: 'pending',
    startedAt: event.at,
  }
}

function ended(record: StepRecord, status: StepStatus, at: string, patch: Partial<StepRecord>): StepRecord {
  const next: StepRecord = { ...record, ...patch, status, endedAt: at }
  delete next.waitingFor
  return next
}

/**
 * Applies a `step.*` event to the record of its attempt (or creates it). Returns the same object
 * when nothing changes: a terminal record ignores later events.
 */
export function reduceStepRecord(record: StepRecord | undefined, event: StepRecordEvent): StepRecord {
  const base = record ?? emptyRecord(event)
  if (TERMINAL_STEP.has(base.status)) return base
  switch (event.type) {
    case 'step.started': {
      const next: StepRecord = { ...base, status: 'running', startedAt: record === undefined ? event.at : base.startedAt }
      if (event.input !== undefined) next.input = event.input
      delete next.waitingFor
      return next
    }
    case 'step.waiting':
      return { ...base, status: 'waiting', waitingFor: event.waitingFor }
    case 'step.completed':
      return ended(base, 'completed', event.at, event.output === undefined ? {} : { output: event.output })
    case 'step.skipped':
      return ended(base, 'skipped', event.at, event.output === undefined ? {} : { output: event.output })
    case 'step.failed':
      return ended(base, 'failed', event.at, { error: event.error })
    case 'step.retrying':
      return ended(base, 'failed', event.at, { error: event.error })
    case 'step.cancelled':
      return ended(base, 'cancelled', event.at, { error: { code: 'CANCELLED', message: `Step ${event.stepId} cancelled: ${event.reason}`, reason: event.reason, stepId: event.stepId } })
    default:
      return base
  }
}

/** What events tell about an execution; applied over the fetched record, or alone until it arrives. */
export interface ExecutionPatch {
  /** Status. */
  status?: ExecutionStatus
  /** What it waits for (`null`: nothing). */
  waitingFor?: WaitingFor | null
  /** Fields of a terminal event. */
  final?: Partial<Pick<Execution, 'outputs' | 'output' | 'error' | 'endedAt'>>
}

/** What an `execution.*` event says about the execution, or `undefined` for other events. */
export function executionPatchOf(event: StepwiseEvent): ExecutionPatch | undefined {
  switch (event.type) {
    case 'execution.started':
    case 'execution.resumed':
      return { status: 'running', waitingFor: null }
    case 'execution.waiting':
      return { status: 'waiting', waitingFor: event.waitingFor }
    case 'execution.completed': {
      const final: ExecutionPatch['final'] = { outputs: event.outputs, endedAt: event.at }
      if (event.output !== undefined) final.output = event.output
      return { status: 'completed', waitingFor: null, final }
    }
    case 'execution.failed':
      return { status: 'failed', waitingFor: null, final: { error: event.error, endedAt: event.at } }
    case 'execution.cancelled':
      return { status: 'cancelled', waitingFor: null, final: { error: event.error, endedAt: event.at } }
    default:
      return undefined
  }
}

/** Applies an execution patch to the record; a terminal record does not change. */
export function reduceExecution(execution: Execution, patch: ExecutionPatch): Execution {
  if (isTerminalStatus(execution.status)) return execution
  const next: Execution = { ...execution, ...patch.final }
  if (patch.status !== undefined) next.status = patch.status
  if (patch.waitingFor === null) delete next.waitingFor
  else if (patch.waitingFor !== undefined) next.waitingFor = patch.waitingFor
  return next
}
