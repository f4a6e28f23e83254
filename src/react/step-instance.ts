/**
 * @module
 * Keys and labels of step instances: a step instance is `(executionId, stepId, iterationPath)`;
 * its attempts share the key.
 */
import type { StepRecord, StepStatus } from '../index.js'

/**
 * The key of a step instance: `<executionId>/<stepId>@<iterationPath>`. Unlike a bare
 * `stepId#iterationPath`, it keeps two executions in one chat apart.
 */
export function stepInstanceKey(executionId: string, stepId: string, iterationPath: string): string {
  return `${executionId}/${stepId}@${iterationPath}`
}

/**
 * A short human tag for the innermost container segment of an iteration path: `iteration 3`
 * (loops, counted from 1), `branch 2` (parallel, from 1), `then` / `else` (conditionals), or
 * `undefined` at the top level.
 */
export function iterationLabel(iterationPath: string): string | undefined {
  if (iterationPath === '') return undefined
  const segment = iterationPath.slice(iterationPath.lastIndexOf('/') + 1)
  const kind = segment.slice(segment.lastIndexOf(':') + 1)
  const loop = /^i(\d+)$/.exec(kind)
  if (loop !== null) return `iteration ${Number(loop[1]) + 1}`
  const branch = /^b(\d+)$/.exec(kind)
  if (branch !== null) return `branch ${Number(branch[1]) + 1}`
  return kind
}

/** How a status reads: a word and a symbol, so it never depends on colour alone. */
export interface StatusPresentation {
  /** Text, e.g. `running`, `waiting for approval`. */
  label: string
  /** A symbol shown before the label (`✓`, `✗`, `…`). */
  icon: string
}

const PRESENTATIONS: Record<StepStatus, StatusPresentation> = {
  pending: { label: 'pending', icon: '○' },
  running: { label: 'running', icon: '…' },
  waiting: { label: 'waiting', icon: '⏸' },
  completed: { label: 'completed', icon: '✓' },
  failed: { label: 'failed', icon: '✗' },
  skipped: { label: 'skipped', icon: '↷' },
  cancelled: { label: 'cancelled', icon: '⊘' },
}

/** The label and symbol of a step or execution status (`ExecutionStatus` is a subset of `StepStatus`). */
export function presentStatus(status: StepStatus): StatusPresentation {
  return PRESENTATIONS[status] ?? { label: String(status), icon: '•' }
}

/** Groups step records by instance key, attempts in ascending order, instances in first-seen order. */
export function groupAttempts(steps: readonly StepRecord[]): Map<string, StepRecord[]> {
  const groups = new Map<string, StepRecord[]>()
  for (const step of steps) {
    const key = stepInstanceKey(step.executionId, step.stepId, step.iterationPath)
    const group = groups.get(key)
    if (group === undefined) groups.set(key, [step])
    else group.push(step)
  }
  for (const group of groups.values()) group.sort((a, b) => a.attempt - b.attempt)
  return groups
}
