import { StepwiseError } from '../../errors/stepwise-error.js'
import type { BlockResult, IsolatedBlock, StepContext, StepOutcome } from '../../engine/step-type.js'
import { blockOutcome, combineResults, siblingFailed } from '../block-outcome.js'
import type { LoopStep } from './schema.js'

/** Journaled input of a loop: the items, evaluated once. */
export interface LoopInput {
  /** Items to iterate over. */
  items: unknown[]
}

/** Evaluates `over` (expression or inline array) once. */
export async function prepareLoop(context: StepContext<LoopStep>): Promise<LoopInput> {
  const { over } = context.step
  const items = Array.isArray(over) ? await context.resolveValue(over, '/over') : await context.evaluate(over, '/over')
  if (!Array.isArray(items)) {
    const got = items === undefined ? 'undefined' : items === null ? 'null' : typeof items
    throw new StepwiseError('EXPRESSION_FAILED', `/over: loop over ${JSON.stringify(over)} is ${got}, not an array.`, { details: { field: '/over' } })
  }
  const max = Math.min(context.step.maxIterations ?? Infinity, context.services.limits.maxLoopIterations)
  if (items.length > max) {
    throw new StepwiseError('LIMIT_EXCEEDED', `Loop over ${items.length} items exceeds maxIterations (${max}).`, { details: { limit: 'maxLoopIterations', value: max } })
  }
  return { items }
}

/**
 * Runs the body once per item. Each iteration sees its item as `loop.item` and
 * `variables.<itemVar>`; outputs written by iterations are published (in item order, last
 * wins) only when the whole loop completes — a failed loop publishes nothing (rollback).
 */
export async function executeLoop(context: StepContext<LoopStep>, input: LoopInput): Promise<StepOutcome> {
  const { step } = context
  const itemVar = step.itemVar ?? 'item'
  const indexVar = step.indexVar ?? 'index'
  const items = input.items
  const results: unknown[] = new Array(items.length).fill(null)
  const stage = context.stage()
  const concurrency = Math.max(1, Math.min(step.concurrency ?? 1, items.length || 1))
  const runOne = (index: number, signal?: AbortSignal): Promise<IsolatedBlock> =>
    context.runIsolated(step.steps, `${step.id}:i${index}`, {
      loop: { item: items[index], index, itemVar, indexVar },
      ...(signal === undefined ? {} : { signal }),
    })
  let result: BlockResult = { status: 'completed' }
  if (concurrency === 1) {
    // Sequential: each iteration's writes are staged as soon as it ends, so nothing per iteration is retained.
    for (let index = 0; index < items.length; index++) {
      const block = await runOne(index)
      results[index] = block.result.lastOutput ?? null
      stage.add(block)
      if (block.result.status !== 'completed') {
        result = block.result
        break
      }
    }
  } else {
    const blocks: IsolatedBlock[] = new Array(items.length)
    const controller = new AbortController()
    const onAbort = (): void => controller.abort(context.signal.reason)
    context.signal.addEventListener('abort', onAbort, { once: true })
    try {
      const settled: BlockResult[] = []
      let next = 0
      const worker = async (): Promise<void> => {
        while (next < items.length) {
          const index = next++
          const block = await runOne(index, controller.signal)
          blocks[index] = block
          results[index] = block.result.lastOutput ?? null
          settled.push(block.result)
          if (block.result.status === 'failed' || block.result.status === 'ended') controller.abort(siblingFailed())
        }
      }
      await Promise.all(Array.from({ length: concurrency }, worker))
      result = combineResults(settled)
      // Item order decides which write wins, whatever order the iterations ended in.
      for (const block of blocks) if (block !== undefined) stage.add(block)
    } finally {
      context.signal.removeEventListener('abort', onAbort)
    }
  }
  if (result.status === 'completed' || result.status === 'ended') stage.commit()
  return blockOutcome(result, { iterations: items.length, results })
}
