import type { ReactNode } from 'react'
import type { Engine, EngineOptions } from '../../src/index.js'
import { createClient, createHandler, type HandlerOptions, type StepwiseClient } from '../../src/http/index.js'
import {
  ApprovalCard,
  StepCard,
  StepwiseProvider,
  WorkflowContextBar,
  WorkflowStepContainer,
  turnsOfStep,
  useSessionFeed,
  useWorkflow,
  useWorkflowExecution,
} from '../../src/react/index.js'
import { testEngine } from '../helpers.js'

/** A real engine behind the real HTTP handler, and a client whose `fetch` calls the handler (no network). */
export interface ReactSetup {
  engine: Engine
  client: StepwiseClient
  /** Method and path of every request the client sent. */
  requests: string[]
  /** Holds every later `POST …/approve` until {@link ReactSetup.release} (to see the optimistic state). */
  hold(): void
  /** Lets held requests through. */
  release(): void
}

export function reactSetup(engineOptions: EngineOptions, handlerOptions: Partial<HandlerOptions> = {}): ReactSetup {
  const { engine } = testEngine(engineOptions)
  const handler = createHandler(engine, { authorize: () => ({ tenantId: 'default', actor: 'ana' }), basePath: '/api', ...handlerOptions })
  const requests: string[] = []
  let gate: Promise<void> | undefined
  let open: (() => void) | undefined
  const client = createClient({
    baseUrl: 'http://app.test/api',
    fetch: async (input, init) => {
      const request = new Request(input, init)
      requests.push(`${request.method} ${new URL(request.url).pathname}`)
      if (gate !== undefined && request.method === 'POST' && request.url.endsWith('/approve')) await gate
      return handler(request)
    },
  })
  const hold = (): void => {
    gate = new Promise((resolve) => (open = resolve))
  }
  const release = (): void => {
    open?.()
    gate = undefined
  }
  return { engine, client, requests, hold, release }
}

/** What an app renders for one execution: context bar, the feed (containers and cards), approvals, errors. */
export function ExecutionView({ executionId }: { executionId: string }): ReactNode {
  const state = useWorkflowExecution(executionId)
  const { workflow } = useWorkflow(state.execution?.workflowId)
  const plan = useSessionFeed([], state.steps)
  return (
    <main>
      <WorkflowContextBar steps={state.steps} status={state.status} executionId={executionId} {...(workflow === undefined ? {} : { definition: workflow.definition })} />
      <output aria-label="Execution status">{state.isLoading ? 'loading' : state.status}</output>
      {plan.map((item) => {
        if (item.kind === 'messages') return null
        if (item.kind === 'step-container') return <WorkflowStepContainer key={item.key} step={item.step} stepId={item.stepId} turns={turnsOfStep(state.turns, item)} />
        return item.step === undefined ? null : <StepCard key={item.key} step={item.step} attempts={item.attempts} />
      })}
      {state.approvals.map((approval) => (
        <ApprovalCard
          key={`${approval.stepId}@${approval.iterationPath}`}
          approval={approval}
          busy={state.pending !== undefined}
          onApprove={(comment) => state.approve({ stepId: approval.stepId, iterationPath: approval.iterationPath, ...(comment === undefined ? {} : { comment }) })}
          onDeny={(comment) => state.deny({ stepId: approval.stepId, iterationPath: approval.iterationPath, ...(comment === undefined ? {} : { comment }) })}
        />
      ))}
      {state.error !== undefined && <p role="alert">{state.error.message}</p>}
    </main>
  )
}

export function renderWithClient(client: StepwiseClient, children: ReactNode): ReactNode {
  return <StepwiseProvider client={client}>{children}</StepwiseProvider>
}
