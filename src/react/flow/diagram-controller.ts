/**
 * @module
 * What the diagram's nodes may do, shared through React context (so node data stays plain).
 */
import { createContext, useContext, type ReactNode } from 'react'
import type { StepInsertTarget } from './edit-workflow.js'
import type { WorkflowDiagramMode } from './workflow-diagram-props.js'

/** An open insert menu: on which node, for which target. */
export interface OpenMenu {
  /** Node the menu belongs to. */
  nodeId: string
  /** Where the chosen step goes. */
  target: StepInsertTarget
  /** Which of the node's buttons opened it (`after`, `block:then`, `start`). */
  key: string
}

/** Actions and settings the nodes read from context. */
export interface DiagramController {
  /** Diagram mode. */
  mode: WorkflowDiagramMode
  /** Types offered by insert menus, with their labels. */
  insertable: readonly { type: string; label: string }[]
  /** The open insert menu, if any. */
  menu?: OpenMenu
  /** Renders a step icon id. */
  renderIcon(icon: string): ReactNode
  /** Opens (or, with `undefined`, closes) an insert menu. */
  setMenu(menu: OpenMenu | undefined): void
  /** Selects a step node. */
  select(nodeId: string): void
  /** Inserts a step of `type` at `target`. */
  insert(target: StepInsertTarget, type: string): void
  /** Deletes the step of a node. */
  remove(nodeId: string): void
  /** Shows iteration `index` of a loop. */
  pickIteration(loopStepId: string, index: number): void
  /** True once when the diagram wants this node focused (a new step, or the one before a deleted step). */
  claimFocus(nodeId: string): boolean
}

/** The controller of the enclosing diagram. */
export const DiagramControllerContext = createContext<DiagramController | undefined>(undefined)

/** The controller of the enclosing diagram (throws outside one). */
export function useDiagramController(): DiagramController {
  const controller = useContext(DiagramControllerContext)
  if (controller === undefined) throw new Error('stepwise/react/flow nodes must be rendered inside <WorkflowDiagram>.')
  return controller
}
