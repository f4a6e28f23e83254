import type { StepContext, StepOutcome } from '../../engine/step-type.js'
import { blockOutcome, combineResults, siblingFailed } from '../block-outcome.js'
import type { ParallelStep } from './schema.js'

/**
 * Runs every branch at once, each on its own copy of `outputs`. When one fails the others are
 * cancelled. When all complete, their outputs merge back in branch order.
 */
export async function executeParallel(context: StepContext<ParallelStep>): Promise<StepOutcome> {
  const { step } = context
  const controller = new AbortController()
  const onAbort = (): void => controller.abort(context.signal.reason)
  context.signal.addEventListener('abort', onAbort, { once: true })
  try {
    const blocks = await Promise.all(
      step.branches.map(async (steps, index) => {
        const block = await context.runIsolated(steps, `${step.id}:b${index}`, { signal: controller.signal })
        if (block.result.status === 'failed' || block.result.status === 'ended') controller.abort(siblingFailed())
        return block
      }),
    )
    const result = combineResults(blocks.map((b) => b.result))
    if (result.status === 'completed' || result.status === 'ended') for (const block of blocks) block.merge()
    return blockOutcome(result, { branches: blocks.map((b) => b.result.lastOutput ?? null) })
  } finally {
    context.signal.removeEventListener('abort', onAbort)
  }
}
