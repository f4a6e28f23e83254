/**
 * @module
 * Step cards: one per built-in step type and a generic fallback, plus `StepCard`, which picks
 * the card by the record's `stepType`.
 */
import type { ComponentType, ReactNode } from 'react'
import type { StepRecord } from '../../index.js'
import { iterationLabel } from '../step-instance.js'
import {
  ApprovalBody,
  BashBody,
  ConditionalBody,
  EndBody,
  GenericBody,
  LoopBody,
  NotifyBody,
  ParallelBody,
  SetBody,
  ToolBody,
  WaitBody,
  type StepBodyProps,
} from './step-card-bodies.js'
import { classNames, durationBetween } from './format.js'
import { StepHeader } from './step-header.js'

/** Props of every step card. */
export interface StepCardProps {
  /** The step record (the latest attempt). */
  step: StepRecord
  /** Every attempt's record, oldest first; earlier failed attempts are listed behind a disclosure. */
  attempts?: readonly StepRecord[]
  /** Display name (default: the step id). */
  title?: string
  /** Heading level of the step name (default 3). */
  headingLevel?: 2 | 3 | 4 | 5 | 6
  /** Host content at the end of the card (e.g. a "retry from here" button). */
  children?: ReactNode
  /** Extra class names. */
  className?: string
}

function StepCardFrame({ step, attempts = [], title, headingLevel = 3, children, className, Body }: StepCardProps & { Body: ComponentType<StepBodyProps> }): ReactNode {
  const name = title ?? step.stepId
  const tag = iterationLabel(step.iterationPath)
  const earlier = attempts.filter((attempt) => attempt.attempt < step.attempt)
  return (
    <article className={classNames('stepwise-step-card', className)} data-step-type={step.stepType} data-status={step.status} aria-label={`Step ${name}${tag === undefined ? '' : ` (${tag})`}`}>
      <StepHeader title={name} stepType={step.stepType} iterationPath={step.iterationPath} durationMs={durationBetween(step.startedAt, step.endedAt)} status={step.status} level={headingLevel} />
      <Body step={step} />
      {step.error !== undefined && (step.status === 'failed' || step.status === 'cancelled') && (
        <p className="stepwise-error" role="alert">
          {step.error.code}: {step.error.message}
        </p>
      )}
      {earlier.length > 0 && (
        <details className="stepwise-previous-attempts">
          <summary>
            {earlier.length} previous {earlier.length === 1 ? 'attempt' : 'attempts'}
          </summary>
          <ol>
            {earlier.map((attempt) => (
              <li key={attempt.attempt}>
                Attempt {attempt.attempt}: {attempt.status}
                {attempt.error !== undefined && ` — ${attempt.error.message}`}
              </li>
            ))}
          </ol>
        </details>
      )}
      {children}
    </article>
  )
}

function card(Body: ComponentType<StepBodyProps>, name: string): (props: StepCardProps) => ReactNode {
  const Card = (props: StepCardProps): ReactNode => <StepCardFrame {...props} Body={Body} />
  Card.displayName = name
  return Card
}

/** Card of a `tool` step: arguments and result. */
export const ToolStepCard = card(ToolBody, 'ToolStepCard')
/** Card of a `notify` step: target, content, delivered. */
export const NotifyStepCard = card(NotifyBody, 'NotifyStepCard')
/** Card of a `bash` step: command, exit code, stdout, stderr. */
export const BashStepCard = card(BashBody, 'BashStepCard')
/** Card of a `conditional` step: the condition's value and the branch taken. */
export const ConditionalStepCard = card(ConditionalBody, 'ConditionalStepCard')
/** Card of a `loop` step: item count and results. */
export const LoopStepCard = card(LoopBody, 'LoopStepCard')
/** Card of a `parallel` step: branch count and results. */
export const ParallelStepCard = card(ParallelBody, 'ParallelStepCard')
/** Card of an `approval` step: prompt and decision (read-only; `ApprovalCard` decides). */
export const ApprovalStepCard = card(ApprovalBody, 'ApprovalStepCard')
/** Card of a `wait` step: until when, and how long it waited. */
export const WaitStepCard = card(WaitBody, 'WaitStepCard')
/** Card of a `set` step: the values set. */
export const SetStepCard = card(SetBody, 'SetStepCard')
/** Card of an `end` step: final status, output or error. */
export const EndStepCard = card(EndBody, 'EndStepCard')
/** Card of any other step type (custom types, `agent_prompt` outside a chat): input and output as JSON. */
export const GenericStepCard = card(GenericBody, 'GenericStepCard')

/** The card of each built-in step type, by `stepType`. */
export const stepCards: Readonly<Record<string, ComponentType<StepCardProps>>> = Object.freeze({
  tool: ToolStepCard,
  notify: NotifyStepCard,
  bash: BashStepCard,
  conditional: ConditionalStepCard,
  loop: LoopStepCard,
  parallel: ParallelStepCard,
  approval: ApprovalStepCard,
  wait: WaitStepCard,
  set: SetStepCard,
  end: EndStepCard,
})

/** Props of {@link StepCard}. */
export interface StepCardDispatchProps extends StepCardProps {
  /** Cards for custom step types, or replacements of built-in ones, by `stepType`. */
  cards?: Readonly<Record<string, ComponentType<StepCardProps>>>
}

/** The card for the record's step type (your `cards` first, then the built-in ones, then {@link GenericStepCard}). */
export function StepCard({ cards, ...props }: StepCardDispatchProps): ReactNode {
  const type = props.step.stepType
  const Card = (cards !== undefined && Object.hasOwn(cards, type) ? cards[type] : undefined) ?? (Object.hasOwn(stepCards, type) ? stepCards[type] : GenericStepCard)
  return <Card {...props} />
}
