/**
 * @module
 * Diagram metadata of every built-in step type, by type name. Imports only the `diagram.ts`
 * files (plain data and string helpers): no engine, no zod, so a browser bundle of the
 * diagram stays small.
 */
import type { StepDiagramMeta } from './diagram-meta.js'
import type { Step } from './step.js'
import { agentPromptStepDiagram } from './agent-prompt/diagram.js'
import { approvalStepDiagram } from './approval/diagram.js'
import { bashStepDiagram } from './bash/diagram.js'
import { conditionalStepDiagram } from './conditional/diagram.js'
import { endStepDiagram } from './end/diagram.js'
import { loopStepDiagram } from './loop/diagram.js'
import { notifyStepDiagram } from './notify/diagram.js'
import { parallelStepDiagram } from './parallel/diagram.js'
import { setStepDiagram } from './set/diagram.js'
import { toolStepDiagram } from './tool/diagram.js'
import { waitStepDiagram } from './wait/diagram.js'

/** The diagram metadata of each built-in step type, keyed by `type`. */
export type StepDiagramRegistry = { readonly [T in Step['type']]: StepDiagramMeta<Extract<Step, { type: T }>> }

/** How each built-in step type is drawn, keyed by its `type`. */
export const stepDiagrams: StepDiagramRegistry = Object.freeze({
  agent_prompt: agentPromptStepDiagram,
  tool: toolStepDiagram,
  notify: notifyStepDiagram,
  bash: bashStepDiagram,
  conditional: conditionalStepDiagram,
  loop: loopStepDiagram,
  parallel: parallelStepDiagram,
  approval: approvalStepDiagram,
  wait: waitStepDiagram,
  set: setStepDiagram,
  end: endStepDiagram,
})
