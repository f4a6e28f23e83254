/**
 * @module
 * `indexSteps`: every step of a workflow by id, with where it sits and its own content.
 */
import { canonicalJson } from '../language/canonical-hash.js'
import type { StepBlockRef } from '../language/step-schema-spec.js'
import type { StepBase } from '../language/workflow-types.js'
import { builtinStepSchemas } from '../steps/builtin-schemas.js'

/** One step of an indexed workflow. */
export interface IndexedStep {
  /** The step id (derived from the position when the step has none, as the validator does). */
  id: string
  /** JSON Pointer of the step in the document. */
  pointer: string
  /** The block holding it: `''` for the top level, else `<containerId>/<blockKey>` (`loop1/steps`, `p/branches/0`). */
  location: string
  /** Position in its block. */
  order: number
  /** Ids of the containers around it, outermost first. */
  ancestors: string[]
  /** Canonical JSON of the step without its nested blocks. */
  own: string
}

const specs = new Map(builtinStepSchemas.map((spec) => [spec.type, spec]))

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function blocksOf(step: Record<string, unknown>): StepBlockRef[] {
  const spec = typeof step.type === 'string' ? specs.get(step.type) : undefined
  if (spec === undefined) return []
  try {
    return spec.blocks(step as unknown as StepBase).filter((block) => Array.isArray(block.steps))
  } catch {
    return []
  }
}

/**
 * Indexes the steps of a document (normalised or as written; unknown step types are leaves).
 * Steps without an `id` get the validator's derived id: `step_<i>` at the top level,
 * `<parentId>_<blockKey>_<i>` below.
 */
export function indexSteps(steps: unknown): Map<string, IndexedStep> {
  const index = new Map<string, IndexedStep>()
  const walk = (block: readonly unknown[], pointers: readonly string[], parentId: string | undefined, blockKey: string | undefined, ancestors: string[]): void => {
    block.forEach((raw, order) => {
      if (!isRecord(raw)) return
      const derived = parentId === undefined ? `step_${order}` : `${parentId}_${(blockKey ?? '').replace(/\//g, '_')}_${order}`
      const id = typeof raw.id === 'string' ? raw.id : derived
      const pointer = pointers[order]
      const blocks = blocksOf(raw)
      const own: Record<string, unknown> = { ...raw, id }
      for (const nested of blocks) delete own[nested.pointer.split('/')[1]]
      if (!index.has(id)) index.set(id, { id, pointer, location: parentId === undefined ? '' : `${parentId}/${blockKey ?? ''}`, order, ancestors, own: canonicalJson(own) })
      for (const nested of blocks) {
        const childPointers = nested.steps.map((_, i) => pointer + (nested.itemPointers?.[i] ?? `${nested.pointer}/${i}`))
        walk(nested.steps, childPointers, id, nested.key, [...ancestors, id])
      }
    })
  }
  if (Array.isArray(steps)) walk(steps, steps.map((_, i) => `/steps/${i}`), undefined, undefined, [])
  return index
}
