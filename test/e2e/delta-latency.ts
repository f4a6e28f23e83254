/**
 * @module
 * `deltaLatency`: how long each streamed text piece took from the server's emission (printed by
 * the studio with `STUDIO_TRACE_DELTAS=1`) to `useWorkflowExecution`'s state in the page.
 */

/** When the page saw one delta (`window.__stepwiseDeltaTimes`, see examples/express/client/use-delta-probe.ts). */
export interface DeltaReceipt {
  executionId: string
  seq: number
  at: number
}

/** Summary of the matched deltas, in ms. */
export interface LatencySummary {
  count: number
  medianMs: number
  p95Ms: number
  maxMs: number
}

const EMITTED = /^delta-emitted (\S+) (\d+) ([\d.]+)$/

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]
}

/** Matches the server's lines with the page's receipts by execution and `seq`; `undefined` when none match. */
export function deltaLatency(serverLines: readonly string[], receipts: readonly DeltaReceipt[]): LatencySummary | undefined {
  const emitted = new Map<string, number>()
  for (const line of serverLines) {
    const match = EMITTED.exec(line)
    if (match !== null) emitted.set(`${match[1]}#${match[2]}`, Number(match[3]))
  }
  const delays = receipts
    .map((receipt) => {
      const sent = emitted.get(`${receipt.executionId}#${receipt.seq}`)
      return sent === undefined ? undefined : receipt.at - sent
    })
    .filter((delay): delay is number => delay !== undefined)
    .sort((a, b) => a - b)
  if (delays.length === 0) return undefined
  return { count: delays.length, medianMs: percentile(delays, 0.5), p95Ms: percentile(delays, 0.95), maxMs: delays[delays.length - 1] }
}
