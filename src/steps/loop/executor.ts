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
  const blocks: IsolatedBlock[] = new Array(items.length)
  const concurrency = Math.max(1, Math.min(step.concurrency ?? 1, items.length || 1))
  const controller = concurrency > 1 ? new AbortController() : undefined
  const onAbort = (): void => controller?.abort(context.signal.reason)
  if (controller !== undefined) context.signal.addEventListener('abort', onAbort, { once: true })
  const runOne = async (index: number): Promise<BlockResult> => {
    const block = await context.runIsolated(step.steps, `${step.id}:i${index}`, {
      loop: { item: items[index], index, itemVar, indexVar },
      ...(controller === undefined ? {} : { signal: controller.signal }),
    })
    blocks[index] = block
    if (block.result.status === 'failed' || block.result.status === 'ended') controller?.abort(siblingFailed())
    return block.result
  }
  let result: BlockResult
  try {
    if (concurrency === 1) {
      result = { status: 'completed' }
      for (let index = 0; index < items.length; index++) {
        const current = await runOne(index)
        if (current.status !== 'completed') {
          result = current
          break
        }
      }
    } else {
      const results: BlockResult[] = []
      let next = 0
      const worker = async (): Promise<void> => {
        while (next < items.length) {
          const index = next++
          results.push(await runOne(index))
        }
      }
      await Promise.all(Array.from({ length: concurrency }, worker))
      result = combineResults(results)
    }
  } finally {
    if (controller !== undefined) context.signal.removeEventListener('abort', onAbort)
  }
  if (result.status === 'completed' || result.status === 'ended') {
    for (const block of blocks) block?.merge()
  }
  const output = { iterations: items.length, results: blocks.map((b) => b?.result.lastOutput ?? null) }
  return blockOutcome(result, output)
}
