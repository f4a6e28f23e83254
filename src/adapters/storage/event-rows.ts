import type { AgentReasoningDeltaEvent, AgentTextDeltaEvent, StepwiseEvent } from '../../engine/events.js'

/** One row of an events table: the highest `seq` it holds, the event type and the JSON body. */
export interface EventRow {
  /** The `seq` of the row's (last) event: the table's key. */
  seq: number
  /** Event type. */
  type: string
  /** JSON of one event, or of a run of deltas (see {@link eventRows}). */
  body: string
}

type DeltaEvent = AgentTextDeltaEvent | AgentReasoningDeltaEvent

/** The fields a streamed delta event has; a delta with any other field is stored on its own. */
const DELTA_KEYS = 11

/**
 * A run of consecutive delta events of one agent turn, stored as one row: the first event whole,
 * then the `delta` of every event and their `at` (run-length encoded: deltas mostly share a
 * millisecond). Event `i` of the run has `seq = first.seq + i`. It has no `type`, which every
 * event has.
 */
interface DeltaRun {
  deltaRun: 1
  first: DeltaEvent
  deltas: string[]
  at: [string, number][]
}

function isPlainDelta(event: StepwiseEvent): event is DeltaEvent {
  return (
    (event.type === 'agent.text.delta' || event.type === 'agent.reasoning.delta') &&
    typeof event.delta === 'string' &&
    Object.keys(event).length === DELTA_KEYS
  )
}

/** Whether `next` continues a run that ends with `last`: same kind, turn and step instance, next seq. */
function continues(last: DeltaEvent, next: StepwiseEvent): boolean {
  return (
    isPlainDelta(next) &&
    next.type === last.type &&
    next.seq === last.seq + 1 &&
    next.turnId === last.turnId &&
    next.stepId === last.stepId &&
    next.iterationPath === last.iterationPath &&
    next.attempt === last.attempt &&
    next.stepType === last.stepType &&
    next.executionId === last.executionId &&
    next.workflowId === last.workflowId
  )
}

function runRow(events: readonly StepwiseEvent[], from: number, to: number): EventRow {
  const at: [string, number][] = []
  const deltas: string[] = []
  for (let i = from; i < to; i++) {
    const event = events[i] as DeltaEvent
    deltas.push(event.delta)
    const tail = at[at.length - 1]
    if (tail !== undefined && tail[0] === event.at) tail[1] += 1
    else at.push([event.at, 1])
  }
  const run: DeltaRun = { deltaRun: 1, first: events[from] as DeltaEvent, deltas, at }
  return { seq: events[to - 1].seq, type: events[from].type, body: JSON.stringify(run) }
}

/**
 * The rows to store for a commit's events: one row per event, except that consecutive streamed
 * deltas (`agent.text.delta`, `agent.reasoning.delta`) of one turn share a row, keyed by the last
 * one's `seq`. Every delta is still its own event with its own `seq` when read back
 * ({@link eventsFromRows}); sharing a row saves the per-row cost and the repeated fields (a
 * 2,000-delta reply streamed within one write is one row, not 2,000).
 */
export function eventRows(events: readonly StepwiseEvent[]): EventRow[] {
  const rows: EventRow[] = []
  let i = 0
  while (i < events.length) {
    const event = events[i]
    let end = i + 1
    if (isPlainDelta(event)) while (end < events.length && continues(events[end - 1] as DeltaEvent, events[end])) end += 1
    rows.push(end - i >= 2 ? runRow(events, i, end) : { seq: event.seq, type: event.type, body: JSON.stringify(event) })
    i = end
  }
  return rows
}

function unpackRun(run: DeltaRun, afterSeq: number, limit: number, out: StepwiseEvent[]): void {
  const first = run.first as unknown as Record<string, unknown>
  let seq = run.first.seq
  let index = 0
  for (const [at, count] of run.at) {
    for (let k = 0; k < count; k++, seq++, index++) {
      if (seq <= afterSeq) continue
      if (out.length >= limit) return
      // The keys of the emitted event, in its order.
      const event: Record<string, unknown> = {}
      for (const key in first) event[key] = first[key]
      event.seq = seq
      event.at = at
      event.delta = run.deltas[index]
      out.push(event as unknown as StepwiseEvent)
    }
  }
}

/**
 * The events held by rows written by {@link eventRows}: those after `afterSeq`, at most `limit`,
 * in `seq` order. `rows` must be the rows keyed `seq > afterSeq`, in key order (a shared row is
 * keyed by its last event, so one that straddles `afterSeq` is among them).
 */
export function eventsFromRows(rows: readonly { body: string }[], afterSeq: number, limit: number): StepwiseEvent[] {
  const out: StepwiseEvent[] = []
  for (const row of rows) {
    if (out.length >= limit) break
    const parsed = JSON.parse(row.body) as StepwiseEvent | DeltaRun
    if ('deltaRun' in parsed && !('type' in parsed)) unpackRun(parsed, afterSeq, limit, out)
    else if ((parsed as StepwiseEvent).seq > afterSeq) out.push(parsed as StepwiseEvent)
  }
  return out
}
