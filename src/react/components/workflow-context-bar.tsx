/**
 * @module
 * `WorkflowContextBar`: a one-line progress summary of an execution for the top of a chat.
 */
import type { ReactNode } from 'react'
import type { ExecutionStatus, StepRecord, StepStatus } from '../../index.js'
import { presentStatus } from '../step-instance.js'
import { classNames } from './format.js'
import { StatusBadge } from './status-badge.js'

/** A top-level step of the definition, as the bar reads it. */
export interface ContextBarStep {
  /** Step id. */
  id: string
  /** Display name. */
  name?: string
}

/** The part of a workflow definition the bar reads (a `WorkflowDefinition` fits): its top-level steps. */
export interface ContextBarDefinition {
  /** Display name of the workflow. */
  name?: string
  /** Top-level steps, in order. */
  steps: readonly ContextBarStep[]
}

/** Props of {@link WorkflowContextBar}. */
export interface WorkflowContextBarProps {
  /** Step records of the execution (`useWorkflowExecution().steps`). */
  steps: readonly StepRecord[]
  /** The workflow's definition (`useWorkflow(id).workflow?.definition`): gives the total and a dot per step before it runs. */
  definition?: ContextBarDefinition
  /** The execution's status. */
  status?: ExecutionStatus
  /** Workflow name (default: the definition's name). */
  title?: string
  /** The execution id; its first 8 characters are shown. */
  executionId?: string
  /** A link to the execution's page (shown as "execution ↗"). */
  href?: string
  /** Accessible name of the bar (default `Workflow progress`). */
  label?: string
  /** Extra class names. */
  className?: string
}

interface Dot {
  id: string
  name: string
  status: StepStatus
}

function dotsOf(steps: readonly StepRecord[], definition: ContextBarDefinition | undefined): Dot[] {
  const latest = new Map<string, StepRecord>()
  for (const step of steps) {
    if (step.iterationPath !== '') continue
    const known = latest.get(step.stepId)
    if (known === undefined || step.attempt >= known.attempt) latest.set(step.stepId, step)
  }
  if (definition === undefined) return [...latest.values()].map((step) => ({ id: step.stepId, name: step.stepId, status: step.status }))
  return definition.steps.map((step) => ({ id: step.id, name: step.name ?? step.id, status: latest.get(step.id)?.status ?? 'pending' }))
}

/**
 * Progress of an execution over its top-level steps: a dot per step (a symbol and hidden text
 * per status, not colour alone), "done/total", the status, and a link. It is a live region
 * (`role="status"`), so screen readers hear the progress change.
 */
export function WorkflowContextBar({ steps, definition, status, title, executionId, href, label = 'Workflow progress', className }: WorkflowContextBarProps): ReactNode {
  const dots = dotsOf(steps, definition)
  const done = dots.filter((dot) => dot.status === 'completed' || dot.status === 'skipped').length
  const name = title ?? definition?.name
  return (
    <div className={classNames('stepwise-context-bar', className)} role="status" aria-label={label} data-status={status}>
      {name !== undefined && <span className="stepwise-context-title">{name}</span>}
      {executionId !== undefined && <code className="stepwise-meta">{executionId.slice(0, 8)}</code>}
      <ol className="stepwise-dots" aria-label="Steps">
        {dots.map((dot) => (
          <li key={dot.id} className="stepwise-dot" data-status={dot.status} title={`${dot.name}: ${presentStatus(dot.status).label}`}>
            <span aria-hidden="true">{presentStatus(dot.status).icon}</span>
            <span className="stepwise-visually-hidden">
              {dot.name}: {presentStatus(dot.status).label}
            </span>
          </li>
        ))}
      </ol>
      <span className="stepwise-progress">
        {done}/{dots.length} steps done
      </span>
      {status !== undefined && <StatusBadge status={status} />}
      {href !== undefined && (
        <a className="stepwise-link" href={href}>
          execution <span aria-hidden="true">↗</span>
        </a>
      )}
    </div>
  )
}
