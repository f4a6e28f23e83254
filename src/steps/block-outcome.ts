import type { BlockResult, StepOutcome } from '../engine/step-type.js'
import { StepwiseError } from '../errors/stepwise-error.js'

/** Maps the result of a container's nested block(s) to the container's own outcome. */
export function blockOutcome(result: BlockResult, output: unknown): StepOutcome {
  switch (result.status) {
    case 'completed':
      return { status: 'completed', output }
    case 'ended':
      return { status: 'ended', output, endStatus: 'completed' }
    case 'waiting':
      if (result.waitingFor === undefined) return { status: 'failed', error: new StepwiseError('INTERNAL', 'A nested block waits without saying for what.') }
      return { status: 'waiting', waitingFor: result.waitingFor }
    case 'cancelled':
      return result.error === undefined ? { status: 'cancelled', reason: result.reason ?? 'cancelled' } : { status: 'cancelled', reason: result.reason ?? 'cancelled', error: result.error }
    case 'failed':
      return { status: 'failed', error: result.error ?? new StepwiseError('STEP_FAILED', 'A nested step failed.') }
  }
}

const PRIORITY: Record<BlockResult['status'], number> = { failed: 5, cancelled: 4, ended: 3, waiting: 2, completed: 1 }

/** The combined result of concurrent blocks: failed, then cancelled, ended, waiting, completed. */
export function combineResults(results: readonly BlockResult[]): BlockResult {
  let worst: BlockResult = { status: 'completed' }
  for (const result of results) if (PRIORITY[result.status] > PRIORITY[worst.status]) worst = result
  if (worst.status === 'cancelled') {
    // A branch cancelled only because a sibling failed reports that failure instead.
    const failed = results.find((r) => r.status === 'failed')
    if (failed !== undefined) return failed
  }
  return worst
}

/** Abort reason given to siblings when one concurrent block fails. */
export function siblingFailed(): StepwiseError {
  return new StepwiseError('CANCELLED', 'Cancelled because a sibling branch failed.', { details: { reason: 'sibling_failed' } })
}
