/**
 * @module
 * `debug_execution`'s reasoning: from an execution and its step instances, what state it is in,
 * which step holds it, why, and what to do next.
 */
import type { Execution, StepRecord } from '../engine/records.js'

/** The step an execution waits on or failed at. */
export interface BlockingStep {
  /** Step id. */
  stepId: string
  /** Iteration path. */
  iterationPath: string
  /** Step type. */
  stepType?: string
  /** Step status. */
  status?: string
  /** Why it blocks. */
  reason: string
}

/** What `debug_execution` concludes. */
export interface ExecutionDiagnosis {
  /** One line: workflow, status, step counts. */
  summary: string
  /** Number of step instances per status. */
  statusCounts: Record<string, number>
  /** The step the execution waits on or failed at. */
  blockingStep?: BlockingStep
  /** What is going on, in sentences. */
  diagnosis: string
  /** Next actions, naming the tools to use. */
  recommendedActions: string[]
}

const ADVICE_BY_CODE: Readonly<Record<string, string>> = {
  TOOL_FAILED: 'Check the failing tool step\'s arguments in get_execution_steps; fix them (or the tool) with update_workflow, then run_workflow again.',
  MODEL_FAILED: 'The model call failed: check that the step\'s model exists and the provider is reachable, or add fallback models to the step; then run_workflow again.',
  STEP_TIMEOUT: 'The step ran past its timeoutMs: raise timeoutMs or make the step do less, then run_workflow again.',
  EXPRESSION_FAILED: 'An expression failed at run time: fix the expression the message names (or the data it reads) with update_workflow, then run_workflow again.',
  LIMIT_EXCEEDED: 'A limit was hit (see the message): raise the workflow\'s limits or make it do less, then run_workflow again.',
  OUTPUT_INVALID: 'The agent\'s answer did not match the step\'s outputSchema: loosen the schema or make the prompt state the shape, then run_workflow again.',
  VARIABLES_INVALID: 'The input variables did not match the workflow\'s declarations: run_workflow again with the variables it declares (get_workflow shows them).',
  POLICY_DENIED: 'A tool call was refused by the tool policy: change the workflow so it does not need that tool, or ask a person to perform that action.',
  NOTIFY_FAILED: 'A notification could not be delivered: check the notifier target, then run_workflow again.',
  BASH_FAILED: 'A shell command failed: read its stderr in get_execution_steps, fix the command with update_workflow, then run_workflow again.',
}

function countStatuses(steps: readonly StepRecord[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const step of steps) counts[step.status] = (counts[step.status] ?? 0) + 1
  return counts
}

function where(stepId: string, iterationPath: string): string {
  return iterationPath === '' ? `step "${stepId}"` : `step "${stepId}" (iteration ${iterationPath})`
}

function find(steps: readonly StepRecord[], stepId: string, iterationPath?: string): StepRecord | undefined {
  const matches = steps.filter((s) => s.stepId === stepId && (iterationPath === undefined || s.iterationPath === iterationPath))
  return matches[matches.length - 1]
}

function blocking(step: StepRecord | undefined, stepId: string, iterationPath: string, reason: string): BlockingStep {
  return { stepId, iterationPath, ...(step === undefined ? {} : { stepType: step.stepType, status: step.status }), reason }
}

/** Diagnoses an execution from its record and step instances (in start order). */
export function diagnoseExecution(execution: Execution, steps: readonly StepRecord[]): ExecutionDiagnosis {
  const statusCounts = countStatuses(steps)
  const counts = Object.entries(statusCounts).map(([status, n]) => `${n} ${status}`).join(', ')
  const summary = `Execution ${execution.id} of workflow ${execution.workflowId} (version ${execution.workflowVersion}) is ${execution.status}; ${steps.length} step instance${steps.length === 1 ? '' : 's'}${counts === '' ? '' : ` (${counts})`}.`
  const result = (diagnosis: string, recommendedActions: string[], blockingStep?: BlockingStep): ExecutionDiagnosis =>
    ({ summary, statusCounts, ...(blockingStep === undefined ? {} : { blockingStep }), diagnosis, recommendedActions })
  const wait = execution.waitingFor
  switch (execution.status) {
    case 'pending':
      return result('It is queued and no engine instance has started it yet.', ['Make sure the host runs engine.startWorker() or calls engine.tick(); then check again with get_execution.'])
    case 'running': {
      const current = [...steps].reverse().find((s) => s.status === 'running')
      const at = current === undefined ? undefined : blocking(current, current.stepId, current.iterationPath, `running since ${current.startedAt}`)
      return result(
        current === undefined ? 'It is running between steps.' : `It is running ${where(current.stepId, current.iterationPath)} (${current.stepType}) since ${current.startedAt}.`,
        ['Wait, then check again with get_execution or get_execution_steps.', 'If it is stuck, cancel_execution stops it (a person may need to approve the cancel).'],
        at,
      )
    }
    case 'waiting':
      if (wait?.kind === 'approval') {
        const expiry = wait.expiresAt === undefined ? ' It has no timeout.' : ` It expires at ${wait.expiresAt}.`
        return result(
          `It waits for a person's approval at ${where(wait.stepId, wait.iterationPath)}: "${wait.prompt}".${expiry}`,
          [
            'A person must approve or deny it: through the host app, the approval link, or approve_execution used by a human operator.',
            'Agents running inside a workflow cannot approve; do not try.',
          ],
          blocking(find(steps, wait.stepId, wait.iterationPath), wait.stepId, wait.iterationPath, 'waiting for approval'),
        )
      }
      if (wait?.kind === 'timer') {
        return result(
          `It waits for a timer at ${where(wait.stepId, wait.iterationPath)} until ${wait.until}.`,
          [`Nothing to do: it resumes by itself at ${wait.until} (when the host's worker or engine.tick() runs).`, 'cancel_execution stops it if it is no longer wanted.'],
          blocking(find(steps, wait.stepId, wait.iterationPath), wait.stepId, wait.iterationPath, `timer until ${wait.until}`),
        )
      }
      return result('It is waiting.', ['Check again with get_execution.'])
    case 'failed': {
      const error = execution.error
      const stepId = error?.stepId
      const step = stepId === undefined ? undefined : find(steps, stepId)
      const failed = stepId === undefined ? undefined : blocking(step, stepId, step?.iterationPath ?? '', `failed with ${error?.code ?? 'an error'}`)
      const advice = (error?.code === undefined ? undefined : ADVICE_BY_CODE[error.code]) ?? 'Read the error message and the failing step in get_execution_steps, fix the workflow with update_workflow, then run_workflow again.'
      return result(
        `It failed${stepId === undefined ? '' : ` at ${where(stepId, step?.iterationPath ?? '')}`}: ${error?.code ?? 'UNKNOWN'}: ${error?.message ?? 'no error recorded'}.`,
        [advice, 'Inside a workflow, agents cannot change workflows: propose the fix with create_workflow_proposal instead.'],
        failed,
      )
    }
    case 'cancelled': {
      const reason = execution.error?.reason
      const text =
        reason === 'approval_denied' ? 'An approval was denied, which cancelled it.'
        : reason === 'approval_expired' ? 'An approval timed out, which cancelled it.'
        : `It was cancelled${reason === undefined ? '' : ` (reason: ${reason})`}.`
      return result(`${text}${execution.error?.message === undefined ? '' : ` ${execution.error.message}`}`, ['Start it again with run_workflow if the work is still needed.'])
    }
    case 'completed': {
      const names = Object.keys(execution.outputs)
      return result(
        `It completed at ${execution.endedAt ?? 'an unknown time'}${names.length === 0 ? '' : ` with outputs ${names.join(', ')}`}.`,
        ['Nothing to fix. Read the outputs with get_execution.'],
      )
    }
  }
}
