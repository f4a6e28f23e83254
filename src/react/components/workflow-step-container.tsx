/**
 * @module
 * `WorkflowStepContainer`: an `agent_prompt` step instance in a chat — header, prompt, streamed
 * turn, structured result, and the superseded attempts collapsed.
 */
import type { ReactNode } from 'react'
import type { StepRecord, TokenUsage } from '../../index.js'
import { splitTurns, type AgentTurn } from '../agent-turns.js'
import { iterationLabel } from '../step-instance.js'
import { AgentTurnView, plainText } from './agent-turn-view.js'
import { classNames, durationBetween } from './format.js'
import { StepHeader } from './step-header.js'
import { isRecord, KeyValueCard, RawJson } from './value-view.js'

/** Props of {@link WorkflowStepContainer}. */
export interface WorkflowStepContainerProps {
  /** The latest attempt's record (from `useWorkflowExecution().steps` or a render-plan item). */
  step?: StepRecord
  /** The step id, when there is no record yet. */
  stepId?: string
  /** The iteration path, when there is no record yet. */
  iterationPath?: string
  /** The step instance's agent turns in arrival order (`turnsOfStep(state.turns, step)`). */
  turns?: readonly AgentTurn[]
  /** Display name (default: the step id). */
  title?: string
  /** Show the step's prompt above the reply (default true). */
  showPrompt?: boolean
  /** Renders reply text (e.g. Markdown); default: plain text with line breaks kept. */
  renderText?: (text: string) => ReactNode
  /** Host content placed after the header, e.g. the chat messages that belong to the step. */
  children?: ReactNode
  /** Heading level of the step name (default 3). */
  headingLevel?: 2 | 3 | 4 | 5 | 6
  /** Extra class names. */
  className?: string
}

interface AgentOutput {
  response?: unknown
  prompt?: string
  model?: string
  usage?: TokenUsage
}

function agentOutput(step: StepRecord | undefined): AgentOutput | undefined {
  return isRecord(step?.output) ? (step.output as AgentOutput) : undefined
}

function promptOf(step: StepRecord | undefined, current: AgentTurn | undefined, first: AgentTurn | undefined): string | undefined {
  const input = step?.input
  if (isRecord(input) && typeof input.prompt === 'string') return input.prompt
  return first?.prompt ?? current?.prompt
}

function sumUsage(turns: readonly AgentTurn[]): TokenUsage | undefined {
  const finished = turns.filter((turn) => turn.usage !== undefined)
  if (finished.length === 0) return undefined
  return {
    inputTokens: finished.reduce((sum, turn) => sum + (turn.usage?.inputTokens ?? 0), 0),
    outputTokens: finished.reduce((sum, turn) => sum + (turn.usage?.outputTokens ?? 0), 0),
  }
}

const hidden = (): ReactNode => null

function attemptLabel(turn: AgentTurn): string {
  const why = turn.cause === 'failover' ? 'failed over' : turn.cause === 'repair' ? 'output repaired' : undefined
  return [turn.model, turn.status, why].filter((part) => part !== undefined && part !== '').join(' · ')
}

/**
 * An agent step as one container in a chat. The header shows the name, an iteration tag, the
 * model, tokens and a live status (`streaming…` while a turn streams). The body shows the prompt,
 * the current turn as it streams (reasoning, tool calls, text), a structured result as a
 * key/value card with the raw output behind a disclosure, and earlier attempts (failover,
 * repair, retries) collapsed behind "N previous attempts".
 */
export function WorkflowStepContainer(props: WorkflowStepContainerProps): ReactNode {
  const { step, turns = [], showPrompt = true, renderText = plainText, children, headingLevel = 3, className } = props
  const stepId = step?.stepId ?? props.stepId ?? 'step'
  const iterationPath = step?.iterationPath ?? props.iterationPath ?? ''
  const title = props.title ?? stepId
  const { current, previous } = splitTurns(turns)
  const output = agentOutput(step)
  const status = step?.status ?? 'pending'
  const streaming = current?.status === 'streaming' && (status === 'running' || status === 'pending')
  const prompt = showPrompt ? promptOf(step, current, previous[0] ?? current) : undefined
  const response = output?.response
  const tag = iterationLabel(iterationPath)
  return (
    <section
      className={classNames('stepwise-step-container', className)}
      data-status={status}
      aria-label={`Step ${title}${tag === undefined ? '' : ` (${tag})`}`}
      aria-busy={streaming}
    >
      <StepHeader
        title={title}
        iterationPath={iterationPath}
        model={current?.model ?? output?.model}
        usage={output?.usage ?? sumUsage(turns)}
        durationMs={durationBetween(step?.startedAt, step?.endedAt)}
        status={status}
        {...(streaming ? { statusLabel: 'streaming…' } : {})}
        level={headingLevel}
      />
      {children}
      {prompt !== undefined && <blockquote className="stepwise-prompt">{prompt}</blockquote>}
      {previous.length > 0 && (
        <details className="stepwise-previous-attempts">
          <summary>
            {previous.length} previous {previous.length === 1 ? 'attempt' : 'attempts'}
          </summary>
          <ol>
            {previous.map((turn) => (
              <li key={turn.turnId}>
                <p className="stepwise-meta">{attemptLabel(turn)}</p>
                <AgentTurnView turn={turn} renderText={renderText} />
              </li>
            ))}
          </ol>
        </details>
      )}
      {/* A structured reply's text is its JSON: the key/value card and the raw output show it instead. */}
      {current !== undefined && <AgentTurnView turn={current} renderText={isRecord(response) ? hidden : renderText} />}
      {current === undefined && typeof response === 'string' && renderText(response)}
      {isRecord(response) && (
        <div className="stepwise-result">
          <KeyValueCard value={response} label={`Result of ${title}`} />
          <RawJson value={step?.output} />
        </div>
      )}
      {step?.error !== undefined && (status === 'failed' || status === 'cancelled') && (
        <p className="stepwise-error" role="alert">
          {step.error.message}
        </p>
      )}
    </section>
  )
}
