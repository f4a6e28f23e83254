/**
 * @module
 * `workflowReferences`: the tool, model and notifier names a workflow document uses, and how
 * many steps it has (nested ones included), read from the document as written.
 */
import type { StepBase } from '../language/workflow-types.js'
import { builtinStepSchemas } from '../steps/builtin-schemas.js'

const specs = new Map(builtinStepSchemas.map((spec) => [spec.type, spec]))

/** Names a workflow refers to, and its step count. */
export interface WorkflowReferences {
  /** Tool names (`tool.tool`, `agent_prompt.tools`). */
  tools: string[]
  /** Model names (`agent_prompt.model`, `fallbackModels`). */
  models: string[]
  /** Notifier targets (`notify.target`, default `default`; `failureNotify`). */
  notifiers: string[]
  /** Steps, nested ones included. */
  stepCount: number
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []
}

function childBlocks(step: Record<string, unknown>): unknown[] {
  const spec = typeof step.type === 'string' ? specs.get(step.type) : undefined
  if (spec === undefined) return []
  try {
    return spec.blocks(step as unknown as StepBase).map((block) => block.steps)
  } catch {
    return []
  }
}

/** Walks every step of `document` (unknown step types are leaves; malformed parts are skipped). */
export function workflowReferences(document: unknown): WorkflowReferences {
  const tools = new Set<string>()
  const models = new Set<string>()
  const notifiers = new Set<string>()
  let stepCount = 0
  const visit = (block: unknown): void => {
    if (!Array.isArray(block)) return
    for (const step of block) {
      if (!isRecord(step)) continue
      stepCount += 1
      if (step.type === 'tool') strings(step.tool).forEach((name) => tools.add(name))
      if (step.type === 'agent_prompt') {
        strings(step.tools).forEach((name) => tools.add(name))
        strings(step.model).forEach((name) => models.add(name))
        strings(step.fallbackModels).forEach((name) => models.add(name))
      }
      if (step.type === 'notify') notifiers.add(typeof step.target === 'string' ? step.target : 'default')
      childBlocks(step).forEach(visit)
    }
  }
  if (isRecord(document)) {
    visit(document.steps)
    if (typeof document.failureNotify === 'string' && document.failureNotify !== 'none') notifiers.add(document.failureNotify)
  }
  return { tools: [...tools], models: [...models], notifiers: [...notifiers], stepCount }
}
