/**
 * @module
 * Props of {@link WorkflowDiagram} and the values it hands to its callbacks.
 */
import type { ReactNode } from 'react'
import type { StepRecord } from '../../engine/records.js'
import type { StepBase, ValidationResult, WorkflowDefinition } from '../../language/workflow-types.js'
import type { StepDiagramMeta } from '../../steps/diagram-meta.js'
import type { Workflow } from '../../steps/step.js'

/** `view`: read-only; `edit`: insert and delete steps; `runtime`: statuses of an execution's steps. */
export type WorkflowDiagramMode = 'view' | 'edit' | 'runtime'

/** The step a user selected (click, or Enter on its node). */
export interface DiagramStepSelection {
  /** The step's id (explicit or derived from its position). */
  stepId: string
  /** Its type. */
  type: string
  /** JSON Pointer of the step in the document, e.g. `/steps/1/then/0`. */
  pointer: string
  /** The step as written in the document. */
  step: StepBase
  /** In runtime mode, the step instance shown (latest attempt, picked iteration), if it ran. */
  record?: StepRecord
}

/** Props of {@link WorkflowDiagram}. */
export interface WorkflowDiagramProps<TWorkflow extends WorkflowDefinition<StepBase> = Workflow> {
  /** The workflow document to draw. In `edit` mode, the current draft (controlled). */
  workflow: TWorkflow
  /** What the diagram is for. */
  mode: WorkflowDiagramMode
  /** `runtime` mode: the execution's step records (e.g. `useWorkflowExecution(id).steps`). */
  steps?: readonly StepRecord[]
  /** `edit` mode: called with the new document after each insert or delete. */
  onChange?: (workflow: TWorkflow) => void
  /** Called when the user selects a step. */
  onSelectStep?: (selection: DiagramStepSelection) => void
  /**
   * Validates the document on every change; issues are shown on the nodes their paths point
   * to (workflow-level ones on the start node). Pass `validateWorkflow` from `stepwise`; the
   * diagram does not import the validator itself, to keep it out of browser bundles.
   */
  validate?: (workflow: TWorkflow) => ValidationResult
  /** Diagram metadata of custom step types (e.g. `myStepType.diagram`), by type name. */
  stepDiagrams?: Readonly<Record<string, StepDiagramMeta<StepBase>>>
  /** `edit` mode: the step types offered by the insert menus (default: every built-in type). */
  insertableTypes?: readonly string[]
  /** Renders a step icon id (`sparkles`, `wrench` …); default: a text glyph. */
  renderIcon?: (icon: string) => ReactNode
  /** Class name added to the diagram's root element. */
  className?: string
  /** Height of the diagram (a number is pixels). Default 480. */
  height?: number | string
  /** Accessible name of the diagram. Default: `Workflow <name or id>`. */
  ariaLabel?: string
  /** Leave out the default stylesheet (the CSS variables and `stepwise-flow__*` class hooks stay). */
  unstyled?: boolean
}
