'use client'

import { useState } from 'react'
import type { StepRecord, Workflow } from 'stepwise'
import { createClient } from 'stepwise/http'
import {
  ApprovalCard,
  StepCard,
  StepwiseProvider,
  StepwiseStyles,
  turnsOfStep,
  useStepwiseClient,
  useWorkflowExecution,
  WorkflowContextBar,
  WorkflowStepContainer,
} from 'stepwise/react'
import { WorkflowDiagram } from 'stepwise/react/flow'

// One client for the whole app, created once (not on every render).
const client = createClient({ baseUrl: '/api/stepwise' })

export function WorkflowDemo({ workflow }: { workflow: Workflow }) {
  return (
    <StepwiseProvider client={client}>
      <StepwiseStyles />
      <Runner workflow={workflow} />
    </StepwiseProvider>
  )
}

/** The latest attempt of each step instance, in the order they were first seen. */
function latestAttempts(steps: readonly StepRecord[]): StepRecord[] {
  const latest = new Map<string, StepRecord>()
  for (const step of steps) {
    const key = `${step.stepId}|${step.iterationPath}`
    const known = latest.get(key)
    if (known === undefined || step.attempt >= known.attempt) latest.set(key, step)
  }
  return [...latest.values()]
}

function Runner({ workflow }: { workflow: Workflow }) {
  const stepwise = useStepwiseClient()
  const [executionId, setExecutionId] = useState<string>()
  const [repo, setRepo] = useState('acme/rocket')
  const [startError, setStartError] = useState<string>()
  const run = useWorkflowExecution(executionId)
  const names = new Map(workflow.steps.map((step) => [step.id, step.name]))

  async function start() {
    setStartError(undefined)
    try {
      const execution = await stepwise.executions.start(workflow.id, { variables: { repo } })
      setExecutionId(execution.id)
    } catch (error) {
      setStartError(error instanceof Error ? error.message : String(error))
    }
  }

  const running = run.status !== undefined && !['completed', 'failed', 'cancelled'].includes(run.status)
  return (
    <>
      <form
        className="toolbar"
        onSubmit={(event) => {
          event.preventDefault()
          void start()
        }}
      >
        <label>
          Repository <input value={repo} onChange={(event) => setRepo(event.target.value)} />
        </label>
        <button type="submit" disabled={running}>
          {executionId === undefined ? 'Start' : 'Start again'}
        </button>
      </form>
      {startError !== undefined && <p className="error">{startError}</p>}

      {executionId !== undefined && (
        <>
          <WorkflowContextBar steps={run.steps} definition={workflow} status={run.status} executionId={executionId} />
          {run.error !== undefined && <p className="error">{run.error.message}</p>}
          {latestAttempts(run.steps).map((step) => {
            const key = `${step.stepId}|${step.iterationPath}`
            const title = names.get(step.stepId)
            if (step.stepType === 'agent_prompt') return <WorkflowStepContainer key={key} step={step} turns={turnsOfStep(run.turns, step)} {...(title ? { title } : {})} />
            const approval = run.approvals.find((item) => item.stepId === step.stepId && item.iterationPath === step.iterationPath)
            if (approval !== undefined) {
              const target = { stepId: approval.stepId, iterationPath: approval.iterationPath }
              return (
                <ApprovalCard
                  key={key}
                  approval={approval}
                  busy={run.pending !== undefined}
                  onApprove={(comment) => run.approve({ ...target, ...(comment ? { comment } : {}) })}
                  onDeny={(comment) => run.deny({ ...target, ...(comment ? { comment } : {}) })}
                />
              )
            }
            return <StepCard key={key} step={step} {...(title ? { title } : {})} />
          })}
        </>
      )}

      <h2>The workflow</h2>
      <WorkflowDiagram workflow={workflow} mode={executionId === undefined ? 'view' : 'runtime'} steps={run.steps} height={420} />
    </>
  )
}
