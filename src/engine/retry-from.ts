import type { StepBlockRef, StepSchemaSpec } from '../language/step-schema-spec.js'
import type { StepBase, WorkflowDefinition } from '../language/workflow-types.js'
import { journalKey, type ReplaySource } from './execution-run.js'
import type { StepRecord } from './records.js'

interface Position {
  /** Per level: the container id (undefined at top level), the block number and the child index. */
  chain: { containerId?: string; containerType?: string; block: number; index: number }[]
}

/** Static position of every step id in a definition. */
export function stepPositions(definition: WorkflowDefinition, specs: ReadonlyMap<string, Pick<StepSchemaSpec, 'blocks'>>): Map<string, Position> {
  const positions = new Map<string, Position>()
  const visit = (steps: readonly StepBase[], parent: Position['chain'], container: StepBase | undefined, block: number): void => {
    steps.forEach((step, index) => {
      const chain = [...parent, { containerId: container?.id, containerType: container?.type, block, index }]
      positions.set(step.id, { chain })
      const blocks: StepBlockRef[] = specs.get(step.type)?.blocks(step) ?? []
      blocks.forEach((ref, blockNumber) => visit(ref.steps, chain, step, blockNumber))
    })
  }
  visit(definition.steps, [], undefined, 0)
  return positions
}

/** Ordinal vector of a step instance: static indices interleaved with iteration numbers. */
export function ordinal(position: Position, iterationPath: string): number[] {
  const iterations = new Map<string, number>()
  if (iterationPath !== '') {
    for (const segment of iterationPath.split('/')) {
      const colon = segment.lastIndexOf(':')
      const id = segment.slice(0, colon)
      const tag = segment.slice(colon + 1)
      const n = tag.startsWith('i') || tag.startsWith('b') ? Number(tag.slice(1)) : 0
      iterations.set(id, n)
    }
  }
  const vector: number[] = []
  for (const level of position.chain) {
    if (level.containerId !== undefined) {
      vector.push(level.containerType === 'loop' ? (iterations.get(level.containerId) ?? 0) : level.block)
    }
    vector.push(level.index)
  }
  return vector
}

function before(a: readonly number[], b: readonly number[]): boolean {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i] < b[i]
  }
  return false // equal or a prefix (an ancestor): not before
}

/**
 * Builds the replay source of a retry-from run: every step instance of the source execution that
 * completed (or was skipped) and comes before the target in the written order is reused.
 */
export function buildReplaySource(
  definition: WorkflowDefinition,
  specs: ReadonlyMap<string, Pick<StepSchemaSpec, 'blocks'>>,
  sourceRows: readonly StepRecord[],
  target: { stepId: string; iterationPath: string },
): ReplaySource {
  const positions = stepPositions(definition, specs)
  const targetPosition = positions.get(target.stepId)
  const targetOrdinal = targetPosition === undefined ? [] : ordinal(targetPosition, target.iterationPath)
  const rows = new Map<string, StepRecord>()
  for (const row of sourceRows) {
    if (row.status !== 'completed' && row.status !== 'skipped') continue
    rows.set(journalKey(row.stepId, row.iterationPath), row)
  }
  return {
    rows,
    shouldReplay(stepId: string, iterationPath: string): boolean {
      const position = positions.get(stepId)
      if (position === undefined) return false
      return before(ordinal(position, iterationPath), targetOrdinal)
    },
  }
}

/** Picks the instance to retry from when no iteration path is given: the first that did not complete. */
export function pickTargetInstance(rows: readonly StepRecord[], stepId: string): string {
  const own = rows.filter((r) => r.stepId === stepId)
  const unfinished = own.find((r) => r.status === 'failed' || r.status === 'cancelled' || r.status === 'waiting' || r.status === 'running')
  return (unfinished ?? own[0])?.iterationPath ?? ''
}
