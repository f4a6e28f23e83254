/**
 * @module
 * `ExecutionPage`: one run, live — progress bar, the chat-like feed beside the diagram in
 * runtime mode, cancel, and the step trace.
 */
import { useMemo, type ReactNode } from 'react'
import { StatusBadge, useWorkflow, useWorkflowExecution, WorkflowContextBar } from '../../../src/react/index.js'
import { WorkflowDiagram } from '../../../src/react/flow/index.js'
import { DiagramBoundary } from './diagram-boundary.js'
import { ErrorAlert } from './error-alert.js'
import { ExecutionFeed } from './execution-feed.js'
import { ExecutionTrace } from './execution-trace.js'
import { stepNames } from './step-names.js'
import { useDeltaProbe } from './use-delta-probe.js'
import { hrefOf } from './use-hash-route.js'

const TERMINAL = new Set(['completed', 'failed', 'cancelled'])

/** The page of execution `id`. */
export function ExecutionPage({ id }: { id: string }): ReactNode {
  const state = useWorkflowExecution(id)
  const { execution, steps, status, error } = state
  const { workflow } = useWorkflow(execution?.workflowId)
  const definition = workflow?.definition
  const names = useMemo(() => stepNames(definition), [definition])
  useDeltaProbe(id, state.events)
  const name = definition?.name ?? execution?.workflowId ?? 'Run'
  return (
    <article className="studio-execution">
      <h1>{name}</h1>
      <p className="studio-meta">
        Execution <code>{id}</code>
        {execution !== undefined && (
          <>
            {' '}
            of <a href={hrefOf({ page: 'workflow', id: execution.workflowId })}>{execution.workflowId}</a> v{execution.workflowVersion}
          </>
        )}
      </p>
      <div className="studio-run-status">
        <span>
          Status:{' '}
          <output aria-label="Execution status" data-status={status}>
            {status === undefined ? 'loading' : <StatusBadge status={status} />}
          </output>
        </span>
        {status !== undefined && !TERMINAL.has(status) && (
          <button type="button" onClick={() => void state.cancel('Cancelled in the studio')} disabled={state.pending !== undefined}>
            Cancel run
          </button>
        )}
      </div>
      <ErrorAlert message={error?.message} />
      <WorkflowContextBar steps={steps} definition={definition} status={status} executionId={id} />
      <div className="studio-run">
        <section className="studio-pane" aria-label="Conversation">
          <ExecutionFeed state={state} workflowName={name} names={names} />
        </section>
        <section className="studio-pane studio-sticky" aria-label="Diagram">
          {definition !== undefined && (
            <DiagramBoundary resetKey={definition}>
              <WorkflowDiagram workflow={definition} mode="runtime" steps={steps} height="calc(100vh - 2rem)" ariaLabel={`Diagram of ${name}`} />
            </DiagramBoundary>
          )}
        </section>
      </div>
      {execution !== undefined && <ExecutionTrace execution={execution} steps={steps} />}
    </article>
  )
}
