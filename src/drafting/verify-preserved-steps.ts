/**
 * @module
 * `verifyPreservedSteps`: checks that a scoped edit (`draftWorkflow` with `stepIds`) changed only
 * the steps it was allowed to.
 */
import { canonicalJson } from '../language/canonical-hash.js'
import type { ValidationIssue } from '../language/workflow-types.js'
import { indexSteps, type IndexedStep } from './index-steps.js'

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function topLevel(doc: Record<string, unknown>, ignoreId: boolean): Record<string, unknown> {
  const { steps: _steps, ...rest } = doc
  if (ignoreId) delete rest.id
  return rest
}

function list(ids: readonly string[]): string {
  return ids.map((id) => `\`${id}\``).join(', ')
}

/**
 * Compares a draft with the workflow it edits. Allowed: any change to the steps in `stepIds`
 * and to the steps nested inside them (including removing them), and new steps placed inside
 * them or in a block that holds one of them. Everything else — every other step's own fields,
 * its block and its order among the other kept steps, and every top-level field except
 * `steps` — must be unchanged. Both documents should be normalised (ids filled) for an exact
 * comparison. Returns one issue per violation, with a path into the draft.
 *
 * @param ignoreId - The base had no explicit `id`, so the draft's id is not compared.
 */
export function verifyPreservedSteps(base: Record<string, unknown>, draft: unknown, stepIds: readonly string[], ignoreId = false): ValidationIssue[] {
  if (!isRecord(draft)) return []
  const issues: ValidationIssue[] = []
  const allowed = list(stepIds)
  const selected = new Set(stepIds)
  const before = topLevel(base, ignoreId)
  const after = topLevel(draft, ignoreId)
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (canonicalJson(before[key] ?? null) === canonicalJson(after[key] ?? null)) continue
    issues.push({
      path: `/${key}`,
      code: 'changed_outside_selection',
      message: `The top-level field \`${key}\` changed, but only the steps ${allowed} may change.`,
      hint: before[key] === undefined ? `Remove \`${key}\`.` : `Copy \`${key}\` unchanged from the workflow you were given.`,
    })
  }
  const baseSteps = indexSteps(base.steps)
  const draftSteps = indexSteps(draft.steps)
  const editable = (step: IndexedStep): boolean => selected.has(step.id) || step.ancestors.some((id) => selected.has(id))
  const kept = [...baseSteps.values()].filter((step) => !editable(step))
  for (const step of kept) {
    const now = draftSteps.get(step.id)
    if (now === undefined) {
      issues.push({ path: '/steps', code: 'changed_outside_selection', message: `The step \`${step.id}\` is missing, but only the steps ${allowed} may change.`, hint: `Put \`${step.id}\` back exactly as it was, at ${step.pointer}.` })
    } else if (now.location !== step.location) {
      issues.push({ path: now.pointer, code: 'changed_outside_selection', message: `The step \`${step.id}\` moved (it was at ${step.pointer}), but only the steps ${allowed} may change.`, hint: 'Keep every other step where it was.' })
    } else if (now.own !== step.own) {
      issues.push({ path: now.pointer, code: 'changed_outside_selection', message: `The step \`${step.id}\` changed, but only the steps ${allowed} may change.`, hint: `Copy \`${step.id}\` unchanged from the workflow you were given.` })
    }
  }
  const keptIds = new Set(kept.map((step) => step.id))
  const locations = new Set(kept.map((step) => step.location))
  for (const location of locations) {
    const order = (steps: Iterable<IndexedStep>): string[] =>
      [...steps].filter((step) => step.location === location && keptIds.has(step.id)).sort((a, b) => a.order - b.order).map((step) => step.id)
    const was = order(kept)
    const is = order(draftSteps.values())
    if (is.length === was.length && is.join('\n') !== was.join('\n')) {
      const first = draftSteps.get(is[0])
      issues.push({ path: first === undefined ? '/steps' : first.pointer.replace(/\/\d+$/, ''), code: 'changed_outside_selection', message: `The order of the steps ${list(was)} changed, but only the steps ${allowed} may change.`, hint: `Keep them in the order ${list(was)}.` })
    }
  }
  const openBlocks = new Set([...baseSteps.values()].filter((step) => selected.has(step.id)).map((step) => step.location))
  for (const step of draftSteps.values()) {
    if (baseSteps.has(step.id)) continue
    const inside = step.ancestors.some((id) => selected.has(id) || !baseSteps.has(id))
    if (inside || openBlocks.has(step.location)) continue
    issues.push({ path: step.pointer, code: 'changed_outside_selection', message: `The step \`${step.id}\` is new, but only the steps ${allowed} may change.`, hint: `Add new steps only next to or inside ${allowed}, or remove \`${step.id}\`.` })
  }
  return issues
}
