/**
 * @module
 * `useDeltaProbe`: records when each streamed text piece (`agent.text.delta`) first shows up in
 * `useWorkflowExecution`'s state, on `window.__stepwiseDeltaTimes`, so the end-to-end test can
 * compare it with the server's emission time (same machine, same clock).
 */
import { useLayoutEffect, useRef } from 'react'
import type { StepwiseEvent } from '../../../src/index.js'

/** When the page saw one delta. */
export interface DeltaReceipt {
  executionId: string
  seq: number
  /** `performance.timeOrigin + performance.now()` when the state holding it was committed. */
  at: number
}

declare global {
  interface Window {
    __stepwiseDeltaTimes?: DeltaReceipt[]
  }
}

/** Records the new deltas of `events` (see the module description). */
export function useDeltaProbe(executionId: string, events: readonly StepwiseEvent[]): void {
  const lastSeq = useRef(0)
  useLayoutEffect(() => {
    const at = performance.timeOrigin + performance.now()
    const receipts = (window.__stepwiseDeltaTimes ??= [])
    for (const event of events) {
      if (event.seq <= lastSeq.current) continue
      lastSeq.current = event.seq
      if (event.type === 'agent.text.delta') receipts.push({ executionId, seq: event.seq, at })
    }
  }, [executionId, events])
}
