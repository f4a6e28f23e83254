import type { FailureSummary } from '../adapters/notify/notifier.js'
import type { EngineCore } from './engine-core.js'
import type { ExecutionRun } from './execution-run.js'
import type { ExecutionError } from './records.js'

/** Trigger types whose failures are not notified: a person started them and sees the result. */
const SILENT_TRIGGERS: ReadonlySet<string> = new Set(['manual', 'retry'])

function describeTrigger(summary: FailureSummary): string {
  const trigger = summary.trigger
  const name = typeof trigger.name === 'string' ? ` "${trigger.name}"` : ''
  const id = trigger.triggerId === undefined ? '' : ` (${trigger.triggerId})`
  return `${trigger.type}${name}${id}`
}

/** The text of a failure notification. */
export function failureText(summary: FailureSummary): string {
  const title = summary.workflowName === undefined ? summary.workflowId : `"${summary.workflowName}" (${summary.workflowId})`
  const lines = [`Workflow ${title} ${summary.status}.`, `Execution: ${summary.executionId}`]
  if (summary.failedStepId !== undefined) lines.push(`Step: ${summary.failedStepId}`)
  if (summary.error !== undefined) lines.push(`Error: ${summary.error.code}: ${summary.error.message}`)
  lines.push(`Trigger: ${describeTrigger(summary)}`)
  return lines.join('\n')
}

/**
 * Sends the failure summary of a failed or cancelled run to the notifier named by the pinned
 * snapshot's `failureNotify` (unless `none`), for runs not started by a person (`manual`,
 * `retry`) and not test fires. Best effort, at most once (by the instance that ended the run):
 * it never throws.
 */
export async function notifyFailure(core: EngineCore, run: ExecutionRun): Promise<void> {
  try {
    const target = run.definition.failureNotify
    if (target === undefined || target === 'none') return
    const trigger = run.record.trigger ?? { type: 'manual' }
    if (SILENT_TRIGGERS.has(trigger.type) || trigger.test === true) return
    const notifiers = core.servicesFor(run.definition).notifiers
    const notifier = Object.hasOwn(notifiers, target) ? notifiers[target] : undefined
    if (notifier === undefined) return
    const stored = await core.storage.getExecution(run.tenantId, run.record.id)
    if (stored === undefined || (stored.status !== 'failed' && stored.status !== 'cancelled')) return
    const steps = await core.storage.listSteps(run.tenantId, run.record.id)
    const failed = steps.find((s) => s.status === 'failed') ?? steps.find((s) => s.status === 'cancelled')
    const summary: FailureSummary = { workflowId: stored.workflowId, executionId: stored.id, status: stored.status, trigger }
    if (run.definition.name !== undefined) summary.workflowName = run.definition.name
    const failedStepId = stored.error?.stepId ?? failed?.stepId
    if (failedStepId !== undefined) summary.failedStepId = failedStepId
    const error: ExecutionError | undefined = stored.error ?? failed?.error
    if (error !== undefined) summary.error = error
    await notifier({
      target,
      content: failureText(summary),
      executionId: stored.id,
      workflowId: stored.workflowId,
      stepId: failedStepId ?? '',
      iterationPath: failed?.stepId === failedStepId ? (failed?.iterationPath ?? '') : '',
      idempotencyKey: `failure:${stored.id}`,
      signal: new AbortController().signal,
      failure: summary,
    })
  } catch {
    // Best effort: a notifier failure must never affect the engine.
  }
}
