/**
 * @module
 * A step status as glyph and text.
 */
import type { ReactElement } from 'react'
import type { StepStatus } from '../../engine/records.js'
import { STATUS_GLYPH, STATUS_TEXT } from './diagram-glyphs.js'

/** Shows a status with its glyph (decorative) and its text; `attempt` > 1 is added as text. */
export function StatusBadge({ status, attempt }: { status: StepStatus; attempt?: number }): ReactElement {
  return (
    <span className="stepwise-flow__status" data-status={status}>
      <span className="stepwise-flow__status-glyph" aria-hidden="true">
        {STATUS_GLYPH[status]}
      </span>
      <span className="stepwise-flow__status-text">{STATUS_TEXT[status]}</span>
      {attempt !== undefined && attempt > 1 ? <span className="stepwise-flow__attempt"> · attempt {attempt}</span> : null}
    </span>
  )
}
