/**
 * @module
 * `WorkflowDiagram`: a workflow drawn with React Flow and laid out with dagre, to view, edit,
 * or watch an execution.
 */
import { Controls, ReactFlow, type NodeTypes } from '@xyflow/react'
import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement, type ReactNode } from 'react'
import type { StepBase, WorkflowDefinition } from '../../language/workflow-types.js'
import type { Workflow } from '../../steps/step.js'
import { buildDiagramGraph } from './build-diagram-graph.js'
import { DiagramControllerContext, type DiagramController, type OpenMenu } from './diagram-controller.js'
import { iconGlyph } from './icon-glyph.js'
import { issuesByNode } from './diagram-issues.js'
import { DIAGRAM_CSS } from './diagram-styles.js'
import { deleteStep, insertStep, stepAt, type StepInsertTarget } from './edit-workflow.js'
import { computeRuntimeView } from './runtime-status.js'
import { builtinDiagrams, type DiagramRegistry } from './step-blocks.js'
import { StepNode } from './step-node.js'
import { INSERTABLE_STEP_TYPES } from './step-templates.js'
import { TerminalNode } from './terminal-node.js'
import { toFlowElements } from './to-flow-elements.js'
import type { WorkflowDiagramProps } from './workflow-diagram-props.js'

const NODE_TYPES: NodeTypes = { stepwiseStep: StepNode, stepwiseTerminal: TerminalNode }
const NO_RECORDS: never[] = []
const defaultIcon = (icon: string): ReactNode => iconGlyph(icon)

/** Focuses the main button of a node (the first action of the start node); false when it is not in the DOM yet. */
function focusNode(root: HTMLElement | null, nodeId: string): boolean {
  const escaped = typeof CSS !== 'undefined' && typeof CSS.escape === 'function' ? CSS.escape(nodeId) : nodeId.replace(/["\\]/g, '\\$&')
  const target = root?.querySelector<HTMLElement>(`.react-flow__node[data-id="${escaped}"] [data-stepwise-focus]`)
  target?.focus()
  return target !== null && target !== undefined
}

/**
 * Draws a workflow document as a flow chart: start and end nodes, one card per step with its
 * type, name and summary, THEN/ELSE edges out of conditionals, parallel branches fanned out and
 * joined, loop bodies inside their loop's box.
 *
 * - `view`: read-only.
 * - `edit`: every node has buttons to insert a step after it, to add a step to its blocks
 *   (THEN/ELSE, loop body, new parallel branch) and to delete it; `onChange` receives the new
 *   document, which stays valid when the input was. Delete (or Backspace) on a focused node
 *   deletes it.
 * - `runtime`: each step shows the status of its instance in `steps` (glyph and text), and
 *   each loop has a picker of the iteration to show.
 *
 * Every node is a button reachable with Tab; Enter selects it (`onSelectStep`). The host must
 * import React Flow's stylesheet once: `import '@xyflow/react/dist/style.css'`.
 *
 * @example
 * ```tsx
 * <WorkflowDiagram workflow={workflow} mode="runtime" steps={steps} onSelectStep={(s) => setOpen(s.stepId)} />
 * ```
 */
export function WorkflowDiagram<TWorkflow extends WorkflowDefinition<StepBase> = Workflow>(props: WorkflowDiagramProps<TWorkflow>): ReactElement {
  const { workflow, mode, steps = NO_RECORDS, onChange, onSelectStep, validate, stepDiagrams, insertableTypes, renderIcon = defaultIcon } = props
  const rootRef = useRef<HTMLDivElement>(null)
  const pendingFocus = useRef<string | undefined>(undefined)
  const [selectedNodeId, setSelectedNodeId] = useState<string | undefined>(undefined)
  const [menu, setMenu] = useState<OpenMenu | undefined>(undefined)
  const [iterationChoice, setIterationChoice] = useState<Record<string, number>>({})

  const diagrams: DiagramRegistry = useMemo(() => (stepDiagrams === undefined ? builtinDiagrams : { ...builtinDiagrams, ...stepDiagrams }), [stepDiagrams])
  const graph = useMemo(() => buildDiagramGraph(workflow, { stepDiagrams: diagrams }), [workflow, diagrams])
  const validation = useMemo(() => validate?.(workflow), [validate, workflow])
  const issues = useMemo(() => issuesByNode(graph, validation), [graph, validation])
  const runtime = useMemo(() => (mode === 'runtime' ? computeRuntimeView(graph, steps, iterationChoice) : undefined), [mode, graph, steps, iterationChoice])
  const { nodes, edges } = useMemo(
    () => toFlowElements({ graph, workflow, mode, issues, ...(runtime === undefined ? {} : { runtime }), ...(selectedNodeId === undefined ? {} : { selectedNodeId }), ...(menu === undefined ? {} : { menuNodeId: menu.nodeId }) }),
    [graph, workflow, mode, issues, runtime, selectedNodeId, menu],
  )

  // Focus moves to a new step, or to the step before a deleted one. A node already in the DOM
  // is focused here; a new one focuses itself when React Flow mounts it (`claimFocus`).
  useEffect(() => {
    const nodeId = pendingFocus.current
    if (nodeId !== undefined && focusNode(rootRef.current, nodeId)) pendingFocus.current = undefined
  }, [nodes])
  const claimFocus = useCallback((nodeId: string) => {
    if (pendingFocus.current !== nodeId) return false
    pendingFocus.current = undefined
    return true
  }, [])

  const nodeById = useMemo(() => new Map(graph.nodes.map((node) => [node.id, node])), [graph])
  const insertable = useMemo(
    () => (insertableTypes ?? INSERTABLE_STEP_TYPES).filter((type) => INSERTABLE_STEP_TYPES.includes(type)).map((type) => ({ type, label: diagrams[type]?.label ?? type })),
    [insertableTypes, diagrams],
  )

  const select = useCallback(
    (nodeId: string) => {
      const info = nodeById.get(nodeId)?.step
      if (info === undefined) return
      setSelectedNodeId(nodeId)
      const record = runtime?.statuses.get(nodeId)?.record
      onSelectStep?.({ stepId: info.stepId, type: info.type, pointer: info.pointer, step: stepAt(workflow, info.pointer) as StepBase, ...(record === undefined ? {} : { record }) })
    },
    [nodeById, runtime, onSelectStep, workflow],
  )

  const insert = useCallback(
    (target: StepInsertTarget, type: string) => {
      const result = insertStep(workflow, target, type, diagrams)
      setMenu(undefined)
      pendingFocus.current = result.stepId
      onChange?.(result.workflow)
    },
    [workflow, diagrams, onChange],
  )

  const remove = useCallback(
    (nodeId: string) => {
      const index = graph.nodes.findIndex((node) => node.id === nodeId)
      const info = graph.nodes[index]?.step
      if (info === undefined) return
      const previous = graph.nodes.slice(0, index).reverse().find((node) => node.step !== undefined && !info.pointer.startsWith(`${node.step.pointer}/`) && !node.step.pointer.startsWith(`${info.pointer}/`))
      pendingFocus.current = previous?.id ?? graph.nodes[0].id
      setMenu(undefined)
      if (selectedNodeId === nodeId) setSelectedNodeId(undefined)
      onChange?.(deleteStep(workflow, info.pointer))
    },
    [graph, workflow, onChange, selectedNodeId],
  )

  const controller: DiagramController = useMemo(
    () => ({
      mode,
      insertable,
      ...(menu === undefined ? {} : { menu }),
      renderIcon,
      setMenu,
      select,
      insert,
      remove,
      pickIteration: (loopStepId, index) => setIterationChoice((choice) => ({ ...choice, [loopStepId]: index })),
      claimFocus,
    }),
    [mode, insertable, menu, renderIcon, select, insert, remove, claimFocus],
  )

  const height = props.height ?? 480
  return (
    <div ref={rootRef} className={`stepwise-flow${props.className === undefined ? '' : ` ${props.className}`}`} data-mode={mode} style={{ height, width: '100%' }}>
      {props.unstyled === true ? null : <style>{DIAGRAM_CSS}</style>}
      <DiagramControllerContext.Provider value={controller}>
        <ReactFlow
          aria-label={props.ariaLabel ?? `Workflow ${workflow.name ?? workflow.id}`}
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          fitView
          minZoom={0.2}
          nodesDraggable={false}
          nodesConnectable={false}
          nodesFocusable={false}
          edgesFocusable={false}
          elementsSelectable={false}
          deleteKeyCode={null}
          selectionKeyCode={null}
          multiSelectionKeyCode={null}
          panActivationKeyCode={null}
          zoomOnDoubleClick={false}
        >
          <Controls showInteractive={false} />
        </ReactFlow>
      </DiagramControllerContext.Provider>
    </div>
  )
}
