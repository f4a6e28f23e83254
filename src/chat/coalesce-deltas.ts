/**
 * @module
 * Optional coalescing of streamed deltas for consumers that prefer fewer, larger parts. The
 * engine never coalesces: every part the model streams is its own event.
 */
import type { AgentReasoningDeltaEvent, AgentTextDeltaEvent, StepwiseEvent } from '../engine/events.js'

type DeltaEvent = AgentTextDeltaEvent | AgentReasoningDeltaEvent

const IMMEDIATE = Symbol('immediate')

function isDelta(event: StepwiseEvent): event is DeltaEvent {
  return event.type === 'agent.text.delta' || event.type === 'agent.reasoning.delta'
}

/**
 * Merges consecutive `agent.text.delta` (and `agent.reasoning.delta`) events of the same turn
 * that are already available, into one event carrying the joined `delta` and the last `seq`.
 * Nothing is delayed: a delta is passed on as soon as no other one is waiting behind it.
 *
 * @example
 * ```ts
 * for await (const event of coalesceDeltas(engine.events(executionId))) render(event)
 * ```
 */
export async function* coalesceDeltas(events: AsyncIterable<StepwiseEvent>): AsyncGenerator<StepwiseEvent, void, undefined> {
  const iterator = events[Symbol.asyncIterator]()
  let pending: DeltaEvent | undefined
  let next = iterator.next()
  try {
    for (;;) {
      const result = pending === undefined ? await next : await Promise.race([next, new Promise<typeof IMMEDIATE>((resolve) => setImmediate(resolve, IMMEDIATE))])
      if (result === IMMEDIATE) {
        yield pending as DeltaEvent
        pending = undefined
        continue
      }
      if (result.done === true) {
        if (pending !== undefined) yield pending
        return
      }
      const event = result.value
      next = iterator.next()
      if (pending !== undefined && isDelta(event) && event.type === pending.type && event.turnId === pending.turnId && event.stepId === pending.stepId && event.iterationPath === pending.iterationPath) {
        pending = { ...pending, delta: pending.delta + event.delta, seq: event.seq, at: event.at }
        continue
      }
      if (pending !== undefined) {
        yield pending
        pending = undefined
      }
      if (isDelta(event)) pending = event
      else yield event
    }
  } finally {
    // Not awaited: a source waiting for live events finishes its pending read first.
    iterator.return?.()?.catch(() => undefined)
  }
}
