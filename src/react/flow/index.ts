/**
 * @module
 * `stepwise/react/flow`: the workflow diagram, on React Flow (`@xyflow/react`) with a dagre
 * layout (`@dagrejs/dagre`). Import React Flow's stylesheet once in the host:
 * `import '@xyflow/react/dist/style.css'`.
 */
export { WorkflowDiagram } from './workflow-diagram.js'
export type { WorkflowDiagramProps, WorkflowDiagramMode, DiagramStepSelection } from './workflow-diagram-props.js'
