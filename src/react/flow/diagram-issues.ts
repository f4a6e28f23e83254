/**
 * @module
 * Puts validation issues on the diagram nodes their JSON Pointer paths point into.
 */
import type { ValidationIssue, ValidationResult } from '../../language/workflow-types.js'
import { START_NODE_ID, type DiagramGraph } from './build-diagram-graph.js'

/** A validation issue or warning shown on a node. */
export interface DiagramIssue extends ValidationIssue {
  /** `error` for issues that make the document invalid, `warning` for lint warnings. */
  severity: 'error' | 'warning'
}

/**
 * Groups the issues (or warnings) of a validation result by node: each goes to the innermost
 * step whose pointer is a prefix of its path (`/steps/1/then/0/prompt` → the step at
 * `/steps/1/then/0`); workflow-level issues (`/variables/x`, `/id`) go to the start node.
 */
export function issuesByNode(graph: DiagramGraph, result: ValidationResult | undefined): Map<string, DiagramIssue[]> {
  const byNode = new Map<string, DiagramIssue[]>()
  if (result === undefined) return byNode
  const issues: DiagramIssue[] = result.ok ? result.warnings.map((issue) => ({ ...issue, severity: 'warning' })) : result.issues.map((issue) => ({ ...issue, severity: 'error' }))
  const steps = graph.nodes.flatMap((node) => (node.step === undefined ? [] : [{ id: node.id, pointer: node.step.pointer }]))
  for (const issue of issues) {
    let target = START_NODE_ID
    let length = -1
    for (const step of steps) {
      const inside = issue.path === step.pointer || issue.path.startsWith(`${step.pointer}/`)
      if (inside && step.pointer.length > length) {
        target = step.id
        length = step.pointer.length
      }
    }
    byNode.set(target, [...(byNode.get(target) ?? []), issue])
  }
  return byNode
}
