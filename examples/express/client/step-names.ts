/**
 * @module
 * `stepNames`: display names of every step of a definition, nested ones included.
 */
import type { StepBase, WorkflowDefinition } from '../../../src/index.js'

function visit(steps: unknown, names: Map<string, string>): void {
  if (!Array.isArray(steps)) return
  for (const step of steps as (StepBase & Record<string, unknown>)[]) {
    if (typeof step !== 'object' || step === null) continue
    if (typeof step.id === 'string') names.set(step.id, typeof step.name === 'string' ? step.name : step.id)
    visit(step.then, names)
    visit(step.else, names)
    visit(step.steps, names)
    if (Array.isArray(step.branches)) for (const branch of step.branches) visit(branch, names)
  }
}

/** Step id → name (or id). */
export function stepNames(definition: WorkflowDefinition | undefined): ReadonlyMap<string, string> {
  const names = new Map<string, string>()
  visit(definition?.steps, names)
  return names
}
