/**
 * @module
 * `ExecutionFeed`: a run as a chat — the request as a message, each agent step as a container
 * with its streamed turns, other steps as cards, approvals as cards with Approve / Deny, and
 * the outcome as the last message (`useSessionFeed` over the step records).
 */
import { useMemo, type ReactNode } from 'react'
import type { Execution, StepRecord } from '../../../src/index.js'
import {
  ApprovalCard,
  StepCard,
  turnsOfStep,
  useSessionFeed,
  WorkflowStepContainer,
  type StepItem,
  type WorkflowExecutionState,
} from '../../../src/react/index.js'

interface FeedMessage {
  id: string
  createdAt: string
  role: 'user' | 'system'
  text: string
}

/** Props of {@link ExecutionFeed}. */
export interface ExecutionFeedProps {
  /** The live state (`useWorkflowExecution(id)`). */
  state: WorkflowExecutionState
  /** Workflow name for the first message. */
  workflowName: string
  /** Step id → display name. */
  names: ReadonlyMap<string, string>
}

const TERMINAL = new Set(['completed', 'failed', 'cancelled'])

function requestText(execution: Execution, workflowName: string): string {
  const shown = Object.entries(execution.variables).filter(([name]) => !name.startsWith('_'))
  const how = execution.trigger === undefined || execution.trigger.type === 'manual' ? 'Run' : `${execution.trigger.type} started`
  if (shown.length === 0) return `${how} “${workflowName}”.`
  return `${how} “${workflowName}” with ${shown.map(([name, value]) => `${name} = ${JSON.stringify(value)}`).join(', ')}.`
}

function messagesOf(execution: Execution | undefined, workflowName: string): FeedMessage[] {
  if (execution === undefined) return []
  const messages: FeedMessage[] = [{ id: 'request', createdAt: execution.startedAt, role: 'user', text: requestText(execution, workflowName) }]
  if (TERMINAL.has(execution.status) && execution.endedAt !== undefined) {
    const why = execution.error === undefined ? '' : `: ${execution.error.message}`
    messages.push({ id: 'outcome', createdAt: execution.endedAt, role: 'system', text: `Run ${execution.status}${why}.` })
  }
  return messages
}

/** Leaves out the containers of loops and parallel branches: their children are shown. */
const includeStep = (step: StepRecord): boolean => step.stepType !== 'loop' && step.stepType !== 'parallel'

function StepEntry({ item, state, names }: { item: StepItem<FeedMessage>; state: WorkflowExecutionState; names: ReadonlyMap<string, string> }): ReactNode {
  const title = names.get(item.stepId) ?? item.stepId
  if (item.kind === 'step-container') {
    return <WorkflowStepContainer step={item.step} stepId={item.stepId} iterationPath={item.iterationPath} turns={turnsOfStep(state.turns, item)} title={title} />
  }
  const approval = state.approvals.find((candidate) => candidate.stepId === item.stepId && candidate.iterationPath === item.iterationPath)
  if (approval !== undefined) {
    const target = { stepId: approval.stepId, iterationPath: approval.iterationPath }
    return (
      <ApprovalCard
        approval={approval}
        title={`${title}: approval required`}
        busy={state.pending !== undefined}
        onApprove={(comment) => state.approve({ ...target, ...(comment === undefined ? {} : { comment }) })}
        onDeny={(comment) => state.deny({ ...target, ...(comment === undefined ? {} : { comment }) })}
      />
    )
  }
  return item.step === undefined ? null : <StepCard step={item.step} attempts={item.attempts} title={title} />
}

/** The feed (see the module description). */
export function ExecutionFeed({ state, workflowName, names }: ExecutionFeedProps): ReactNode {
  const messages = useMemo(() => messagesOf(state.execution, workflowName), [state.execution, workflowName])
  const plan = useSessionFeed(messages, state.steps, { includeStep })
  return (
    <ol className="studio-feed" aria-label="Run conversation">
      {plan.map((item) => (
        <li key={item.key}>
          {item.kind === 'messages' ? (
            item.messages.map((message) => (
              <p key={message.id} className="studio-bubble" data-role={message.role}>
                {message.text}
              </p>
            ))
          ) : (
            <StepEntry item={item} state={state} names={names} />
          )}
        </li>
      ))}
    </ol>
  )
}
