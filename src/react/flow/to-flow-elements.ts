/**
 * @module
 * React Flow nodes and edges of a diagram graph: positions from the layout, sizes from
 * `node-size.ts`, statuses, iterations and issues in each node's data.
 */
import { MarkerType, type Edge, type Node } from '@xyflow/react'
import { END_NODE_ID, START_NODE_ID, type DiagramGraph, type DiagramNode, type DiagramStepInfo } from './build-diagram-graph.js'
import type { DiagramIssue } from './diagram-issues.js'
import { canDeleteStep, type DeleteCheck } from './edit-workflow.js'
import { layoutGraph, type LayoutBox, type LayoutSize } from './layout-graph.js'
import { CONTAINER_MIN_WIDTH, JOIN_SIZE, STEP_WIDTH, TERMINAL_WIDTH, cardHeight, terminalHeight } from './node-size.js'
import type { NodeIterations, NodeRuntimeStatus, RuntimeView } from './runtime-status.js'
import type { WorkflowDiagramMode } from './workflow-diagram-props.js'

/** Data of a step or container node. */
export interface StepNodeData extends Record<string, unknown> {
  /** The step. */
  info: DiagramStepInfo
  /** Drawn as a box around its body. */
  container: boolean
  /** Runtime status (runtime mode). */
  runtime?: NodeRuntimeStatus
  /** Loop iterations (runtime mode, containers). */
  iterations?: NodeIterations
  /** Validation issues pointing into the step. */
  issues: DiagramIssue[]
  /** Selected by the user. */
  selected: boolean
  /** Whether it may be deleted (edit mode). */
  deletable: DeleteCheck
  /** Height of the card (the header, for containers). */
  cardHeight: number
}

/** Data of a start, end or join node. */
export interface TerminalNodeData extends Record<string, unknown> {
  /** Which one. */
  kind: 'start' | 'end' | 'join'
  /** Workflow-level validation issues (start node). */
  issues: DiagramIssue[]
}

/** A React Flow node of the diagram. */
export type DiagramFlowNode = Node<StepNodeData, 'stepwiseStep'> | Node<TerminalNodeData, 'stepwiseTerminal'>

/** What {@link toFlowElements} draws. */
export interface FlowElementsInput {
  /** The graph. */
  graph: DiagramGraph
  /** The document (for delete checks). */
  workflow: unknown
  /** Diagram mode. */
  mode: WorkflowDiagramMode
  /** Runtime statuses (runtime mode). */
  runtime?: RuntimeView
  /** Issues by node id. */
  issues: ReadonlyMap<string, DiagramIssue[]>
  /** The selected node. */
  selectedNodeId?: string
  /** The node whose insert menu is open (drawn above the others). */
  menuNodeId?: string
}

const NO_ISSUES: DiagramIssue[] = []

/** Card height of a step node in this mode. */
function stepCardHeight(node: DiagramNode, input: FlowElementsInput): number {
  return cardHeight({
    condition: node.step?.condition !== undefined,
    status: input.mode === 'runtime',
    picker: input.mode === 'runtime' && input.runtime?.iterations.has(node.id) === true,
    actions: input.mode === 'edit',
    issues: input.issues.get(node.id)?.length ?? 0,
  })
}

/** Layout size of a node. */
function sizeOf(node: DiagramNode, input: FlowElementsInput): LayoutSize {
  if (node.kind === 'join') return { width: JOIN_SIZE, height: JOIN_SIZE }
  if (node.kind === 'start' || node.kind === 'end') {
    return { width: TERMINAL_WIDTH, height: terminalHeight({ actions: node.kind === 'start' && input.mode === 'edit', issues: input.issues.get(node.id)?.length ?? 0 }) }
  }
  return { width: node.kind === 'container' ? CONTAINER_MIN_WIDTH : STEP_WIDTH, height: stepCardHeight(node, input) }
}

/** React Flow nodes and edges of the diagram, laid out top to bottom. */
export function toFlowElements(input: FlowElementsInput): { nodes: DiagramFlowNode[]; edges: Edge[] } {
  const { graph } = input
  const boxes = layoutGraph(graph, { nodeSize: (node) => sizeOf(node, input), containerHeader: (node) => stepCardHeight(node, input) + 12 })
  const nodes = graph.nodes.map((node): DiagramFlowNode => {
    const box = boxes.get(node.id) as LayoutBox
    const common = {
      id: node.id,
      position: { x: box.x, y: box.y },
      width: box.width,
      height: box.height,
      ...(node.parentId === undefined ? {} : { parentId: node.parentId }),
      ...(input.menuNodeId === node.id ? { zIndex: 1000 } : {}),
      draggable: false,
      selectable: false,
      connectable: false,
      focusable: false,
    }
    if (node.step === undefined) {
      return { ...common, type: 'stepwiseTerminal', data: { kind: node.kind === 'start' || node.kind === 'end' ? node.kind : 'join', issues: input.issues.get(node.id) ?? NO_ISSUES } }
    }
    const runtime = input.runtime?.statuses.get(node.id)
    const iterations = input.runtime?.iterations.get(node.id)
    return {
      ...common,
      type: 'stepwiseStep',
      data: {
        info: node.step,
        container: node.kind === 'container',
        ...(runtime === undefined ? {} : { runtime }),
        ...(iterations === undefined ? {} : { iterations }),
        issues: input.issues.get(node.id) ?? NO_ISSUES,
        selected: input.selectedNodeId === node.id,
        deletable: input.mode === 'edit' ? canDeleteStep(input.workflow, node.step.pointer) : { ok: false, reason: 'Not editable.' },
        cardHeight: stepCardHeight(node, input),
      },
    }
  })
  const edges = graph.edges.map((edge): Edge => ({
    id: edge.id,
    source: edge.source,
    target: edge.target,
    type: 'smoothstep',
    markerEnd: { type: MarkerType.ArrowClosed },
    className: `stepwise-flow__edge${edge.target === END_NODE_ID || edge.source === START_NODE_ID ? ' stepwise-flow__edge--terminal' : ''}`,
    focusable: false,
    selectable: false,
    ...(edge.label === undefined ? {} : { label: edge.label, data: { branch: edge.label } }),
  }))
  return { nodes, edges }
}
