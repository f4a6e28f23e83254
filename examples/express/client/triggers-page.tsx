/**
 * @module
 * `TriggersPage`: the schedules and webhooks, each with its delivery log (refreshed every two
 * seconds) and a button that sends a test delivery.
 */
import { useState, type ReactNode } from 'react'
import type { TriggerRecord } from '../../../src/index.js'
import { DeliveryLog, TriggerCard, useStepwiseClient, useTriggerDeliveries, useTriggers } from '../../../src/react/index.js'
import { errorMessage } from './error-message.js'
import { hrefOf } from './use-hash-route.js'

const PAGE = { limit: 10 }
const LIVE = { refreshIntervalMs: 2000 }

/** A GitHub-like push payload for test deliveries of webhook triggers. */
const SAMPLE_PUSH = {
  ref: 'refs/heads/main',
  repository: { full_name: 'acme/rocket' },
  commits: [
    { id: '5d1e0a7', message: 'Retry uploads on 503', author: { name: 'mira-k' } },
    { id: 'a93b4c2', message: 'Drop the legacy config loader', author: { name: 'devon' } },
  ],
}

function renderExecution(executionId: string): ReactNode {
  return (
    <a href={hrefOf({ page: 'execution', id: executionId })}>
      <code>{executionId.slice(0, 8)}</code>
    </a>
  )
}

function TriggerPanel({ trigger }: { trigger: TriggerRecord }): ReactNode {
  const client = useStepwiseClient()
  const { deliveries, refresh } = useTriggerDeliveries(trigger.id, PAGE, LIVE)
  const [message, setMessage] = useState<string | undefined>(undefined)
  const [busy, setBusy] = useState(false)
  const fire = async (): Promise<void> => {
    setBusy(true)
    try {
      const result = await client.triggers.fire(trigger.id, trigger.type === 'webhook' ? SAMPLE_PUSH : undefined)
      setMessage(`Test delivery: ${result.outcome}${result.reason === undefined ? '' : ` (${result.reason})`}`)
      await refresh()
    } catch (error) {
      setMessage(errorMessage(error))
    } finally {
      setBusy(false)
    }
  }
  return (
    <TriggerCard trigger={trigger} href={trigger.workflowId === undefined ? undefined : hrefOf({ page: 'workflow', id: trigger.workflowId })}>
      {trigger.type === 'webhook' && (
        <p className="studio-meta">
          Endpoint: <code>POST {`${window.location.origin}/api/webhooks/${trigger.config.path}`}</code>, signed with <code>X-Webhook-Signature: sha256=…</code> (see
          docs/triggers.md)
        </p>
      )}
      <div className="studio-actions">
        <button type="button" onClick={() => void fire()} disabled={busy}>
          Send test delivery{trigger.type === 'webhook' ? ' (sample push)' : ''}
        </button>
        <button type="button" onClick={() => void refresh()}>
          Refresh log
        </button>
        {message !== undefined && <span role="status">{message}</span>}
      </div>
      <DeliveryLog deliveries={deliveries} caption={`Deliveries of ${trigger.name}`} renderExecution={renderExecution} />
    </TriggerCard>
  )
}

/** The triggers page. */
export function TriggersPage(): ReactNode {
  const { triggers, isLoading, error } = useTriggers()
  return (
    <article className="studio-triggers">
      <h1>Schedules &amp; webhooks</h1>
      <p>Schedules run while the studio runs (its worker ticks every second). Webhooks start runs from signed HTTP requests.</p>
      {error !== undefined && <p role="alert">{error.message}</p>}
      {!isLoading && triggers.length === 0 && <p>No triggers.</p>}
      {triggers.map((trigger) => (
        <TriggerPanel key={trigger.id} trigger={trigger} />
      ))}
    </article>
  )
}
