/**
 * @module
 * A step status as glyph and text.
 */
import type { ReactElement } from 'react'
import type { StepStatus } from '../../engine/records.js'
import { presentStatus } from '../step-instance.js'

/** Shows a status with its glyph (decorative) and its text; `attempt` > 1 is added as text. */
export function StatusBadge({ status, attempt }: { status: StepStatus; attempt?: number }): ReactElement {
  const { icon, label } = presentStatus(status)
  return (
    <span className="stepwise-flow__status" data-status={status}>
      <span className="stepwise-flow__status-glyph" aria-hidden="true">
        {icon}
      </span>
      <span className="stepwise-flow__status-text">{label}</span>
      {attempt !== undefined && attempt > 1 ? <span className="stepwise-flow__attempt"> · attempt {attempt}</span> : null}
    </span>
  )
}
