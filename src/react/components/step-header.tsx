/**
 * @module
 * The header shared by step containers and step cards: name, type, iteration tag, model,
 * tokens, duration and status.
 */
import type { ReactNode } from 'react'
import type { StepStatus, TokenUsage } from '../../index.js'
import { iterationLabel } from '../step-instance.js'
import { formatDuration } from './format.js'
import { StatusBadge } from './status-badge.js'

/** Props of the step header. */
export interface StepHeaderProps {
  /** Step name (or id). */
  title: string
  /** Step type, shown as a small label. */
  stepType?: string
  /** Iteration path; its innermost segment becomes a tag (`iteration 2`, `branch 1`, `then`). */
  iterationPath?: string
  /** Model name. */
  model?: string
  /** Token usage. */
  usage?: TokenUsage
  /** Duration in ms. */
  durationMs?: number
  /** Status. */
  status: StepStatus
  /** Status text instead of the status word (e.g. `streaming…`). */
  statusLabel?: string
  /** Heading level of the title (default 3). */
  level?: 2 | 3 | 4 | 5 | 6
}

/** The header row of a step. */
export function StepHeader({ title, stepType, iterationPath, model, usage, durationMs, status, statusLabel, level = 3 }: StepHeaderProps): ReactNode {
  const tag = iterationPath === undefined ? undefined : iterationLabel(iterationPath)
  const Heading = `h${level}` as const
  const tokens = usage === undefined || (usage.inputTokens === undefined && usage.outputTokens === undefined) ? undefined : usage
  return (
    <header className="stepwise-step-header">
      <Heading className="stepwise-step-title">{title}</Heading>
      {stepType !== undefined && <span className="stepwise-tag stepwise-step-type">{stepType}</span>}
      {tag !== undefined && <span className="stepwise-tag stepwise-iteration">{tag}</span>}
      {model !== undefined && model !== '' && <span className="stepwise-meta stepwise-model">{model}</span>}
      {tokens !== undefined && (
        <span className="stepwise-meta stepwise-tokens" aria-label={`${tokens.inputTokens ?? 0} input tokens, ${tokens.outputTokens ?? 0} output tokens`}>
          ↑{tokens.inputTokens ?? 0} ↓{tokens.outputTokens ?? 0}
        </span>
      )}
      {durationMs !== undefined && <span className="stepwise-meta stepwise-duration">{formatDuration(durationMs)}</span>}
      <StatusBadge status={status} {...(statusLabel === undefined ? {} : { label: statusLabel })} />
    </header>
  )
}
