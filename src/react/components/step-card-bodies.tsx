/**
 * @module
 * The bodies of the step cards, one per built-in step type, each reading the step record's
 * journaled `input` and `output`.
 */
import type { ReactNode } from 'react'
import type { StepRecord } from '../../index.js'
import { formatDuration, formatTime, inlineValue } from './format.js'
import { isRecord, KeyValueCard, RawJson } from './value-view.js'

/** Props of a step card body. */
export interface StepBodyProps {
  /** The step record (latest attempt). */
  step: StepRecord
}

function field(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined
}

function text(value: unknown, key: string): string | undefined {
  const found = field(value, key)
  return typeof found === 'string' ? found : undefined
}

function Output({ step, label = 'Result' }: StepBodyProps & { label?: string }): ReactNode {
  if (step.output === undefined) return null
  return (
    <div className="stepwise-result">
      <KeyValueCard value={step.output} label={label} />
      <RawJson value={step.output} />
    </div>
  )
}

/** `tool`: the resolved arguments and the tool's result. */
export function ToolBody({ step }: StepBodyProps): ReactNode {
  return (
    <>
      {step.input !== undefined && <KeyValueCard value={step.input} label="Arguments" />}
      <Output step={step} />
    </>
  )
}

/** `notify`: target, content, and whether the notifier delivered it. */
export function NotifyBody({ step }: StepBodyProps): ReactNode {
  const delivered = field(step.output, 'delivered')
  return (
    <>
      <p className="stepwise-meta">To {text(step.input, 'target') ?? 'default'}</p>
      {text(step.input, 'content') !== undefined && <blockquote className="stepwise-content">{text(step.input, 'content')}</blockquote>}
      {typeof delivered === 'boolean' && <p>{delivered ? '✓ Delivered' : '✗ Not delivered'}</p>}
    </>
  )
}

/** `bash`: the command, exit code, stdout and stderr. */
export function BashBody({ step }: StepBodyProps): ReactNode {
  const exitCode = field(step.output, 'exitCode')
  const stdout = text(step.output, 'stdout')
  const stderr = text(step.output, 'stderr')
  return (
    <>
      {text(step.input, 'command') !== undefined && (
        <pre className="stepwise-command">
          <code>{text(step.input, 'command')}</code>
        </pre>
      )}
      {typeof exitCode === 'number' && <p className="stepwise-meta">Exit code {exitCode}</p>}
      {stdout !== undefined && stdout !== '' && (
        <details className="stepwise-stream" open>
          <summary>stdout</summary>
          <pre>{stdout}</pre>
        </details>
      )}
      {stderr !== undefined && stderr !== '' && (
        <details className="stepwise-stream">
          <summary>stderr</summary>
          <pre>{stderr}</pre>
        </details>
      )}
    </>
  )
}

/** `conditional`: the condition's value and the branch taken. */
export function ConditionalBody({ step }: StepBodyProps): ReactNode {
  const condition = field(step.input, 'condition')
  const branch = text(step.input, 'branch')
  if (branch === undefined) return null
  return (
    <p>
      Condition {typeof condition === 'boolean' ? `was ${String(condition)}` : 'evaluated'}: took the <strong>{branch}</strong> branch
    </p>
  )
}

function CountAndResults({ step, items, one, many }: StepBodyProps & { items: unknown; one: string; many: string }): ReactNode {
  return (
    <>
      {Array.isArray(items) && (
        <p>
          {items.length} {items.length === 1 ? one : many}
        </p>
      )}
      {step.output !== undefined && <RawJson value={step.output} summary="Results" />}
    </>
  )
}

/** `loop`: how many items, and the results per iteration. */
export function LoopBody({ step }: StepBodyProps): ReactNode {
  return <CountAndResults step={step} items={field(step.input, 'items')} one="item" many="items" />
}

/** `parallel`: the branches' results. */
export function ParallelBody({ step }: StepBodyProps): ReactNode {
  return <CountAndResults step={step} items={field(step.output, 'branches')} one="branch" many="branches" />
}

/** `approval`: the prompt and the decision (who decided, comment, when). Use `ApprovalCard` to decide. */
export function ApprovalBody({ step }: StepBodyProps): ReactNode {
  const prompt = text(step.input, 'prompt') ?? (step.waitingFor?.kind === 'approval' ? step.waitingFor.prompt : undefined)
  const decision = text(step.output, 'decision')
  const by = text(step.output, 'by')
  const comment = text(step.output, 'comment')
  const decidedAt = text(step.output, 'decidedAt')
  return (
    <>
      {prompt !== undefined && <blockquote className="stepwise-content">{prompt}</blockquote>}
      {decision !== undefined && (
        <p>
          {decision === 'approved' ? '✓ Approved' : decision === 'expired' ? '⌛ Expired' : '✗ Denied'}
          {by !== undefined && ` by ${by}`}
          {decidedAt !== undefined && (
            <>
              {' '}
              at <time dateTime={decidedAt}>{formatTime(decidedAt)}</time>
            </>
          )}
          {comment !== undefined && `: “${comment}”`}
        </p>
      )}
      {step.status === 'waiting' && <p>Waiting for a decision</p>}
    </>
  )
}

/** `wait`: until when, and how long it waited. */
export function WaitBody({ step }: StepBodyProps): ReactNode {
  const until = text(step.input, 'until')
  const waited = field(step.output, 'waitedMs')
  return (
    <>
      {until !== undefined && (
        <p>
          Until <time dateTime={until}>{formatTime(until)}</time>
        </p>
      )}
      {typeof waited === 'number' && <p>Waited {formatDuration(waited)}</p>}
    </>
  )
}

/** `set`: the values it set. */
export function SetBody({ step }: StepBodyProps): ReactNode {
  return step.output === undefined ? null : <KeyValueCard value={step.output} label="Values" />
}

/** `end`: the status it ends the run with, and its output or error. */
export function EndBody({ step }: StepBodyProps): ReactNode {
  const status = text(step.input, 'status')
  const output = field(step.input, 'output')
  const error = text(step.input, 'error')
  return (
    <>
      {status !== undefined && <p>Ends the run: {status}</p>}
      {error !== undefined && <p className="stepwise-error">{error}</p>}
      {output !== undefined && <KeyValueCard value={output} label="Output" />}
    </>
  )
}

/** Any other step type: input and output as JSON. */
export function GenericBody({ step }: StepBodyProps): ReactNode {
  return (
    <>
      {step.input !== undefined && <RawJson value={step.input} summary="Input" />}
      {step.output !== undefined && (isRecord(step.output) ? <Output step={step} /> : <pre>{inlineValue(step.output)}</pre>)}
    </>
  )
}
