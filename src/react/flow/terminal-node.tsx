/**
 * @module
 * The start, end and join nodes. In edit mode the start node can insert a first step; it also
 * lists workflow-level validation issues.
 */
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react'
import { useId, type ReactElement } from 'react'
import { useDiagramController } from './diagram-controller.js'
import { IssueList } from './issue-list.js'
import { NodeActions } from './node-actions.js'
import type { TerminalNodeData } from './to-flow-elements.js'

/** A start, end or join node. */
export function TerminalNode({ id, data }: NodeProps<Node<TerminalNodeData, 'stepwiseTerminal'>>): ReactElement {
  const controller = useDiagramController()
  const issuesId = useId()
  if (data.kind === 'join') {
    return (
      <div className="stepwise-flow__join" role="img" aria-label="Branches join">
        <Handle type="target" position={Position.Top} isConnectable={false} />
        <Handle type="source" position={Position.Bottom} isConnectable={false} />
      </div>
    )
  }
  return (
    <div className="stepwise-flow__terminal" data-kind={data.kind} data-invalid={data.issues.some((issue) => issue.severity === 'error') ? 'true' : undefined}>
      {data.kind === 'end' ? <Handle type="target" position={Position.Top} isConnectable={false} /> : null}
      <span className="stepwise-flow__terminal-label">{data.kind === 'start' ? 'Start' : 'End'}</span>
      <IssueList id={issuesId} issues={data.issues} />
      {data.kind === 'start' && controller.mode === 'edit' ? <NodeActions nodeId={id} /> : null}
      {data.kind === 'start' ? <Handle type="source" position={Position.Bottom} isConnectable={false} /> : null}
    </div>
  )
}
