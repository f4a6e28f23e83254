/**
 * @module
 * The GitHub-style filter of webhook triggers (valet's GitHub triggers): `events`, `actions`,
 * `branch`, `labels`, ANDed.
 */
import type { WebhookEventFilter } from '../trigger-types.js'

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
}

function labelNames(payload: Record<string, unknown>): string[] {
  const source = record(payload.pull_request)?.labels ?? record(payload.issue)?.labels ?? payload.labels
  if (!Array.isArray(source)) return []
  return source.map((label) => (typeof label === 'string' ? label : record(label)?.name)).filter((n): n is string => typeof n === 'string')
}

/** The branch of a push (`ref` without `refs/heads/`) or of a pull request (`base.ref`). */
function branchOf(event: string | undefined, payload: Record<string, unknown>): string | undefined {
  const pull = record(payload.pull_request)
  if (event !== 'push' && pull !== undefined) {
    const base = record(pull.base)?.ref
    return typeof base === 'string' ? base : undefined
  }
  return typeof payload.ref === 'string' ? payload.ref.replace(/^refs\/heads\//, '') : undefined
}

/** `undefined` when the delivery passes the filter, else the reason it does not. */
export function webhookFilterMismatch(filter: WebhookEventFilter | undefined, event: string | undefined, payload: Record<string, unknown>): string | undefined {
  if (filter === undefined) return undefined
  const action = typeof payload.action === 'string' ? payload.action : undefined
  if (filter.events !== undefined) {
    if (event === undefined) return 'missing X-GitHub-Event header'
    const name = action === undefined ? event : `${event}.${action}`
    if (!filter.events.some((entry) => entry === event || entry === name)) return `event "${name}" not in filter.events`
  }
  if (filter.actions !== undefined && (action === undefined || !filter.actions.includes(action))) return `action "${action ?? ''}" not in filter.actions`
  if (filter.branch !== undefined) {
    const branches = typeof filter.branch === 'string' ? [filter.branch] : filter.branch
    const branch = branchOf(event, payload)
    if (branch === undefined || !branches.includes(branch)) return `branch "${branch ?? ''}" not in filter.branch`
  }
  if (filter.labels !== undefined) {
    const labels = labelNames(payload)
    if (!filter.labels.some((label) => labels.includes(label))) return 'no label of filter.labels on the pull request'
  }
  return undefined
}
