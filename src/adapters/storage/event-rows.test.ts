import { describe, expect, it } from 'vitest'
import type { AgentTextDeltaEvent, StepwiseEvent } from '../../engine/events.js'
import { makeEvent } from '../../testing/conformance-fixtures.js'
import { eventRows, eventsFromRows } from './event-rows.js'

/** A delta event (`makeEvent` with a delta) with other fields set. */
const delta = (seq: number, text: string, fields: Record<string, unknown> = {}, stepId?: string): StepwiseEvent =>
  ({ ...(makeEvent('e1', seq, stepId === undefined ? { delta: text } : { delta: text, stepId }) as AgentTextDeltaEvent), ...fields }) as StepwiseEvent

const deltas = (from: number, count: number, turnId = 'turn-1'): StepwiseEvent[] =>
  Array.from({ length: count }, (_, i) => delta(from + i, `d${from + i} `, { turnId }))

describe('eventRows', () => {
  it('stores a run of deltas of one turn as one row keyed by its last seq', () => {
    const events = [makeEvent('e1', 1), ...deltas(2, 2_000), makeEvent('e1', 2_002)]
    const rows = eventRows(events)
    expect(rows.map((r) => [r.seq, r.type])).toEqual([
      [1, 'step.started'],
      [2_001, 'agent.text.delta'],
      [2_002, 'step.started'],
    ])
    // One row instead of 2,000, and much smaller than the events' JSON.
    expect(rows[1].body.length).toBeLessThan(events.slice(1, 2_001).reduce((n, e) => n + JSON.stringify(e).length, 0) / 5)
    expect(eventsFromRows(rows, 0, 10_000)).toEqual(events)
  })

  it('starts a new row at another turn, kind or step, a gap in seq, or an event with extra fields', () => {
    const events: StepwiseEvent[] = [
      ...deltas(1, 2),
      ...deltas(3, 2, 'turn-2'),
      delta(5, 'x', { type: 'agent.reasoning.delta' }),
      delta(6, 'y', { type: 'agent.reasoning.delta', turnId: 'turn-2' }),
      delta(7, 'z', { type: 'agent.reasoning.delta', turnId: 'turn-2' }, 'other'),
      ...deltas(9, 2, 'turn-3'),
      delta(11, 'w', { turnId: 'turn-3', extra: true }),
    ]
    expect(eventRows(events).map((r) => r.seq)).toEqual([2, 4, 5, 6, 7, 10, 11])
    expect(eventsFromRows(eventRows(events), 0, 100)).toEqual(events)
  })

  it('keeps every event the same, key order included, and the times of each', () => {
    const events = deltas(1, 5).map((e, i) => ({ ...e, at: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i < 3 ? 0 : i)).toISOString() }) as StepwiseEvent)
    const back = eventsFromRows(eventRows(events), 0, 100)
    expect(back.map((e) => JSON.stringify(e))).toEqual(events.map((e) => JSON.stringify(e)))
  })

  it('reads from inside a shared row and stops at the limit', () => {
    const events = deltas(1, 50)
    const rows = eventRows(events)
    expect(eventsFromRows(rows, 20, 5)).toEqual(events.slice(20, 25))
    expect(eventsFromRows(rows, 49, 5)).toEqual(events.slice(49))
    expect(eventsFromRows(rows, 50, 5)).toEqual([])
    expect(eventsFromRows(rows, 0, 0)).toEqual([])
  })

  it('reads an event whose own fields happen to be named like a shared row as the event it is', () => {
    const event = { ...makeEvent('e1', 1), deltaRun: 1, first: {}, deltas: [], at: [] } as unknown as StepwiseEvent
    expect(eventsFromRows(eventRows([event]), 0, 10)).toEqual([event])
  })
})
