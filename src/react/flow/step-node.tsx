/**
 * @module
 * The node of a step (a card) or of a container (a box whose header is the card and whose body
 * nodes React Flow draws inside it). The card is one button (select with a click or Enter;
 * Delete deletes in edit mode); status is glyph plus text.
 */
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react'
import { useEffect, useId, useRef, type ReactElement } from 'react'
import { presentStatus } from '../step-instance.js'
import { useDiagramController } from './diagram-controller.js'
import { IssueList } from './issue-list.js'
import { NodeActions } from './node-actions.js'
import { StatusBadge } from './status-badge.js'
import type { NodeIterations } from './runtime-status.js'
import type { StepNodeData } from './to-flow-elements.js'

/** The iteration picker of a loop in runtime mode. */
function IterationPicker({ loopStepId, title, iterations }: { loopStepId: string; title: string; iterations: NodeIterations }): ReactElement {
  const controller = useDiagramController()
  const count = iterations.options.length
  return (
    <label className="stepwise-flow__iteration nodrag nopan nowheel">
      <span className="stepwise-flow__iteration-label">Iteration</span>
      <select
        className="stepwise-flow__iteration-select"
        aria-label={`Iteration of ${title} to show`}
        value={iterations.selected}
        onChange={(event) => controller.pickIteration(loopStepId, Number(event.target.value))}
      >
        {iterations.options.map((option, position) => (
          <option key={option.index} value={option.index}>
            {`${position + 1} of ${count}: ${presentStatus(option.status).icon} ${presentStatus(option.status).label}`}
          </option>
        ))}
      </select>
    </label>
  )
}

/** A step or container node. */
export function StepNode({ id, data }: NodeProps<Node<StepNodeData, 'stepwiseStep'>>): ReactElement {
  const controller = useDiagramController()
  const issuesId = useId()
  const main = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (controller.claimFocus(id)) main.current?.focus()
  })
  const { info, runtime, iterations, issues } = data
  const title = info.name ?? info.stepId
  return (
    <div
      className={`stepwise-flow__node${data.container ? ' stepwise-flow__node--container' : ''}`}
      data-step-id={info.stepId}
      data-category={info.category}
      data-status={runtime?.status}
      data-selected={data.selected ? 'true' : undefined}
      data-invalid={issues.some((issue) => issue.severity === 'error') ? 'true' : undefined}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div className="stepwise-flow__card" style={{ height: data.cardHeight }}>
        <button
          ref={main}
          type="button"
          className="stepwise-flow__node-main"
          data-stepwise-focus=""
          aria-pressed={data.selected}
          aria-describedby={issues.length > 0 ? issuesId : undefined}
          onClick={() => controller.select(id)}
          onKeyDown={(event) => {
            if (controller.mode !== 'edit' || (event.key !== 'Delete' && event.key !== 'Backspace') || !data.deletable.ok) return
            event.preventDefault()
            controller.remove(id)
          }}
        >
          <span className="stepwise-flow__type">
            <span className="stepwise-flow__icon" aria-hidden="true">
              {controller.renderIcon(info.icon)}
            </span>{' '}
            {info.typeLabel}
          </span>
          <span className="stepwise-flow__title">{title}</span>
          <span className="stepwise-flow__summary">{info.summary}</span>
          {info.condition === undefined ? null : <span className="stepwise-flow__condition">if {info.condition}</span>}
          {runtime === undefined ? null : <StatusBadge status={runtime.status} attempt={runtime.attempt} />}
        </button>
        {iterations === undefined ? null : <IterationPicker loopStepId={info.stepId} title={title} iterations={iterations} />}
        <IssueList id={issuesId} issues={issues} />
        {controller.mode === 'edit' ? <NodeActions nodeId={id} title={`${title} (${info.typeLabel})`} info={info} deletable={data.deletable} /> : null}
      </div>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  )
}
