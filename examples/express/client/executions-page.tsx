/**
 * @module
 * `ExecutionsPage`: recent executions, newest first, refreshed every few seconds.
 */
import type { ReactNode } from 'react'
import { StatusBadge, useExecutions } from '../../../src/react/index.js'
import { hrefOf } from './use-hash-route.js'

const FILTER = { limit: 50 }
const OPTIONS = { refreshIntervalMs: 3000 }

/** The executions list. */
export function ExecutionsPage(): ReactNode {
  const { executions, isLoading, error, refresh } = useExecutions(FILTER, OPTIONS)
  return (
    <article>
      <h1>Executions</h1>
      <button type="button" onClick={() => void refresh()}>
        Refresh
      </button>
      {error !== undefined && <p role="alert">{error.message}</p>}
      <table className="studio-table">
        <caption>The last {FILTER.limit} runs; open one for its live view and step trace</caption>
        <thead>
          <tr>
            <th scope="col">Execution</th>
            <th scope="col">Workflow</th>
            <th scope="col">Status</th>
            <th scope="col">Started by</th>
            <th scope="col">Started</th>
          </tr>
        </thead>
        <tbody>
          {executions.length === 0 && (
            <tr>
              <td colSpan={5}>{isLoading ? 'Loading…' : 'No runs yet: open a workflow and press Run.'}</td>
            </tr>
          )}
          {executions.map((execution) => (
            <tr key={execution.id}>
              <th scope="row">
                <a href={hrefOf({ page: 'execution', id: execution.id })}>
                  <code>{execution.id.slice(0, 8)}</code>
                </a>
              </th>
              <td>{execution.workflowId}</td>
              <td>
                <StatusBadge status={execution.status} />
              </td>
              <td>{execution.trigger?.type ?? 'manual'}</td>
              <td>
                <time dateTime={execution.startedAt}>{new Date(execution.startedAt).toLocaleString()}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  )
}
