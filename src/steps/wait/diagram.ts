/**
 * @module
 * Diagram metadata of the `wait` step.
 */
import { truncateSummary } from '../../language/summary-text.js'
import type { StepDiagramMeta } from '../diagram-meta.js'
import type { WaitStep } from './schema.js'

/** Human form of a duration in ms (`1h 30m`, `45s`, `250ms`). */
function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`
  const units: [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]]
  const parts: string[] = []
  let rest = ms
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size)
    if (count > 0) parts.push(`${count}${unit}`)
    rest -= count * size
  }
  return parts.slice(0, 2).join(' ')
}

/** How a `wait` step is drawn: `wait 5m` or `until <expression>`. */
export const waitStepDiagram: StepDiagramMeta<WaitStep> = {
  label: 'Wait',
  icon: 'clock',
  category: 'control',
  blocks: [],
  summarize: (step) => (typeof step.durationMs === 'number' ? `wait ${formatDuration(step.durationMs)}` : truncateSummary(`until ${step.until ?? ''}`)),
}
