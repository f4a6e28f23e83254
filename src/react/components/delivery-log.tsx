/**
 * @module
 * `DeliveryLog`: a trigger's delivery log as a table.
 */
import type { ReactNode } from 'react'
import type { DeliveryOutcome, TriggerDelivery } from '../../index.js'
import { classNames, formatTime } from './format.js'

/** Props of {@link DeliveryLog}. */
export interface DeliveryLogProps {
  /** The records, newest first (`useTriggerDeliveries(id).deliveries`). */
  deliveries: readonly TriggerDelivery[]
  /** Table caption (default `Deliveries`). */
  caption?: string
  /** Renders the execution cell (e.g. a link); default: the id. */
  renderExecution?: (executionId: string) => ReactNode
  /** Text when there are no records (default `No deliveries yet.`). */
  emptyText?: string
  /** Extra class names. */
  className?: string
}

const OUTCOMES: Record<DeliveryOutcome, { icon: string; label: string }> = {
  matched: { icon: '✓', label: 'matched' },
  no_match: { icon: '–', label: 'no match' },
  duplicate: { icon: '≡', label: 'duplicate' },
  concurrency_cap: { icon: '⏸', label: 'concurrency cap' },
  workflow_missing: { icon: '?', label: 'workflow missing' },
  invalid_signature: { icon: '✗', label: 'invalid signature' },
  error: { icon: '✗', label: 'error' },
}

/** One row per delivery: when, outcome (symbol and words), event, delivery id, execution, reason. */
export function DeliveryLog({ deliveries, caption = 'Deliveries', renderExecution = (id) => <code>{id}</code>, emptyText = 'No deliveries yet.', className }: DeliveryLogProps): ReactNode {
  return (
    <table className={classNames('stepwise-delivery-log', className)}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Received</th>
          <th scope="col">Outcome</th>
          <th scope="col">Event</th>
          <th scope="col">Delivery</th>
          <th scope="col">Execution</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {deliveries.length === 0 ? (
          <tr>
            <td colSpan={6}>{emptyText}</td>
          </tr>
        ) : (
          deliveries.map((delivery) => {
            const outcome = OUTCOMES[delivery.outcome] ?? { icon: '•', label: delivery.outcome }
            return (
              <tr key={delivery.id} data-outcome={delivery.outcome}>
                <td>
                  <time dateTime={delivery.receivedAt}>{formatTime(delivery.receivedAt)}</time>
                </td>
                <td>
                  <span aria-hidden="true">{outcome.icon}</span> {outcome.label}
                  {delivery.test === true && <span className="stepwise-tag"> test</span>}
                </td>
                <td>{delivery.eventType}</td>
                <td>{delivery.deliveryId === undefined ? '—' : <code>{delivery.deliveryId}</code>}</td>
                <td>{delivery.executionId === undefined ? '—' : renderExecution(delivery.executionId)}</td>
                <td>{delivery.reason ?? ''}</td>
              </tr>
            )
          })
        )}
      </tbody>
    </table>
  )
}
