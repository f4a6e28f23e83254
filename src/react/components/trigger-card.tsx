/**
 * @module
 * `TriggerCard`: a trigger's type, state, condition (a schedule's cron in words), target and last
 * run. The secret of a webhook is never shown.
 */
import cronstrue from 'cronstrue'
import type { ReactNode } from 'react'
import type { TriggerRecord } from '../../index.js'
import { classNames, formatTime } from './format.js'

/** Props of {@link TriggerCard}. */
export interface TriggerCardProps {
  /** The trigger (from `useTriggers()` or `client.triggers.list()`). */
  trigger: TriggerRecord
  /** Display name of the target workflow (default: its id). */
  workflowName?: string
  /** Makes the trigger's name a link to this address. */
  href?: string
  /** Show cron times on a 24-hour clock (default false: `09:00 AM`). */
  use24HourTime?: boolean
  /** Host content at the end of the card (edit, enable, delete buttons). */
  children?: ReactNode
  /** Extra class names. */
  className?: string
}

/**
 * A cron expression in words with `cronstrue` (`0 9 * * 1-5` → "At 09:00 AM, Monday through
 * Friday"); the expression itself when cronstrue cannot read it.
 */
export function describeCron(cron: string, options: { use24HourTime?: boolean } = {}): string {
  try {
    return cronstrue.toString(cron, { use24HourTimeFormat: options.use24HourTime ?? false, throwExceptionOnParseError: true })
  } catch {
    return cron
  }
}

const TYPE_LABEL: Record<TriggerRecord['type'], string> = { manual: 'Manual', schedule: 'Schedule', webhook: 'Webhook', event: 'Event' }

function Condition({ trigger, use24HourTime }: { trigger: TriggerRecord; use24HourTime: boolean }): ReactNode {
  switch (trigger.type) {
    case 'schedule':
      return (
        <p className="stepwise-trigger-condition">
          <span className="stepwise-cron" title={trigger.config.cron}>
            {describeCron(trigger.config.cron, { use24HourTime })}
          </span>{' '}
          <span className="stepwise-meta">({trigger.config.timezone ?? 'UTC'})</span>
        </p>
      )
    case 'webhook': {
      const mapped = Object.keys(trigger.config.variableMapping ?? {}).length
      return (
        <p className="stepwise-trigger-condition">
          <code>
            {trigger.config.method ?? 'POST'} /webhooks/{trigger.webhookPath ?? trigger.config.path}
          </code>
          {mapped > 0 && <span className="stepwise-meta"> · maps {mapped} {mapped === 1 ? 'variable' : 'variables'}</span>}
          {trigger.config.secret !== undefined && <span className="stepwise-meta"> · signed</span>}
        </p>
      )
    }
    case 'event':
      return (
        <p className="stepwise-trigger-condition">
          On event <code>{trigger.config.event}</code>
          {trigger.config.filter !== undefined && (
            <>
              {' '}
              when <code>{trigger.config.filter}</code>
            </>
          )}
        </p>
      )
    default:
      return <p className="stepwise-trigger-condition">Run by hand</p>
  }
}

/** A card per trigger: type, enabled state, condition, target workflow and last run. */
export function TriggerCard({ trigger, workflowName, href, use24HourTime = false, children, className }: TriggerCardProps): ReactNode {
  const prompt = trigger.type === 'schedule' ? trigger.config.target?.prompt : undefined
  const target = prompt !== undefined ? 'the host prompt handler' : (workflowName ?? trigger.workflowId)
  return (
    <article className={classNames('stepwise-trigger-card', className)} data-trigger-type={trigger.type} data-enabled={trigger.enabled} aria-label={`Trigger ${trigger.name}`}>
      <header className="stepwise-step-header">
        <h3 className="stepwise-step-title">{href === undefined ? trigger.name : <a href={href}>{trigger.name}</a>}</h3>
        <span className="stepwise-tag">{TYPE_LABEL[trigger.type]}</span>
        <span className="stepwise-status" data-status={trigger.enabled ? 'enabled' : 'disabled'}>
          <span aria-hidden="true">{trigger.enabled ? '●' : '○'}</span> {trigger.enabled ? 'Enabled' : 'Disabled'}
        </span>
      </header>
      <Condition trigger={trigger} use24HourTime={use24HourTime} />
      {target !== undefined && <p className="stepwise-meta">Starts {target}</p>}
      <p className="stepwise-meta">
        {trigger.lastRunAt === undefined ? (
          'Never run'
        ) : (
          <>
            Last run <time dateTime={trigger.lastRunAt}>{formatTime(trigger.lastRunAt)}</time>
          </>
        )}
      </p>
      {children}
    </article>
  )
}
