/**
 * @module
 * How a step's nested blocks are found from its diagram metadata, how ids are derived for
 * steps without one (the same rule as the validator), and every id a document uses.
 */
import type { StepDiagramMeta } from '../../steps/diagram-meta.js'
import { stepDiagrams } from '../../steps/diagram-registry.js'
import type { StepBase } from '../../language/workflow-types.js'

/** Diagram metadata by step type. */
export type DiagramRegistry = Readonly<Record<string, StepDiagramMeta<StepBase>>>

/** The built-in registry, widened to a lookup by any type name. */
export const builtinDiagrams: DiagramRegistry = stepDiagrams

/**
 * How a container draws its blocks: `group` (one body inside a box, e.g. `loop`),
 * `alternatives` (named blocks of which one runs, e.g. `then`/`else`), `branches` (blocks run
 * side by side and joined, e.g. `parallel`); `leaf` for steps without blocks.
 */
export type BlockLayout = 'leaf' | 'group' | 'alternatives' | 'branches'

/** One nested block of a step. */
export interface StepBlock {
  /** Block name in the metadata (`then`, `steps`, `branches`). */
  name: string
  /** Key used to derive the ids of id-less children (`then`, `branches/0`). */
  key: string
  /** Pointer of the block relative to the step (`/then`, `/branches/0`). */
  pointer: string
  /** The block's items (not checked to be steps). */
  steps: readonly unknown[]
  /** Pointers of the items relative to the step, when they are not `<pointer>/<index>`. */
  itemPointers?: readonly string[]
}

/** A record (plain object) or `undefined`. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
}

/** The metadata of a step type, if known. */
export function metaOf(type: unknown, diagrams: DiagramRegistry): StepDiagramMeta<StepBase> | undefined {
  return typeof type === 'string' && Object.hasOwn(diagrams, type) ? diagrams[type] : undefined
}

/** The layout and blocks of a step, from its metadata. Missing blocks of alternatives are empty. */
export function stepBlocks(step: unknown, meta: StepDiagramMeta<StepBase> | undefined): { layout: BlockLayout; blocks: StepBlock[] } {
  const record = asRecord(step)
  if (record === undefined || meta === undefined || meta.blocks.length === 0) return { layout: 'leaf', blocks: [] }
  const isBranches = meta.blocks.some((name) => name === 'branches' || (Array.isArray(record[name]) && (record[name] as unknown[]).some(Array.isArray)))
  if (isBranches) {
    const blocks: StepBlock[] = []
    for (const name of meta.blocks) {
      const value = record[name]
      if (Array.isArray(value)) {
        value.forEach((branch, index) => blocks.push({ name, key: `${name}/${index}`, pointer: `/${name}/${index}`, steps: Array.isArray(branch) ? branch : [] }))
      } else if (name === 'branches' && Array.isArray(record.steps)) {
        // Shorthand input: `steps` is one branch per step.
        record.steps.forEach((child, index) => blocks.push({ name, key: `${name}/${index}`, pointer: `/steps/${index}`, steps: [child], itemPointers: [`/steps/${index}`] }))
      }
    }
    return { layout: 'branches', blocks }
  }
  const blocks = meta.blocks.map((name) => ({ name, key: name, pointer: `/${name}`, steps: Array.isArray(record[name]) ? (record[name] as unknown[]) : [] }))
  return { layout: meta.blocks.length === 1 ? 'group' : 'alternatives', blocks }
}

/** Id of a child without an explicit one: `step_<i>` at top level, `<parentId>_<blockKey>_<i>` below. */
export function derivedStepId(parentId: string | undefined, blockKey: string | undefined, index: number): string {
  return parentId === undefined ? `step_${index}` : `${parentId}_${(blockKey ?? '').replace(/\//g, '_')}_${index}`
}

/** The explicit id of a step, or the derived one. */
export function effectiveStepId(step: unknown, derived: string): string {
  const id = asRecord(step)?.id
  return typeof id === 'string' && id !== '' ? id : derived
}

/** Every step id (explicit or derived) used anywhere in `steps`, nested blocks included. */
export function collectStepIds(steps: readonly unknown[], diagrams: DiagramRegistry = builtinDiagrams): Set<string> {
  const ids = new Set<string>()
  const visit = (block: readonly unknown[], parentId: string | undefined, key: string | undefined): void => {
    block.forEach((step, index) => {
      const id = effectiveStepId(step, derivedStepId(parentId, key, index))
      ids.add(id)
      for (const child of stepBlocks(step, metaOf(asRecord(step)?.type, diagrams)).blocks) visit(child.steps, id, child.key)
    })
  }
  visit(steps, undefined, undefined)
  return ids
}
