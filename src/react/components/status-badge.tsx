/**
 * @module
 * `StatusBadge`: a status as a symbol and a word (never colour alone).
 */
import type { ReactNode } from 'react'
import type { StepStatus } from '../../index.js'
import { presentStatus } from '../step-instance.js'
import { classNames } from './format.js'

/** Props of {@link StatusBadge}. */
export interface StatusBadgeProps {
  /** A step or execution status. */
  status: StepStatus
  /** Text to show instead of the status word (e.g. `streaming…`). */
  label?: string
  /** Extra class names. */
  className?: string
}

/** A status as `✓ completed`, `… running`, `⏸ waiting`; `data-status` carries it for styling. */
export function StatusBadge({ status, label, className }: StatusBadgeProps): ReactNode {
  const presentation = presentStatus(status)
  return (
    <span className={classNames('stepwise-status', className)} data-status={status}>
      <span className="stepwise-status-icon" aria-hidden="true">
        {presentation.icon}
      </span>{' '}
      {label ?? presentation.label}
    </span>
  )
}
