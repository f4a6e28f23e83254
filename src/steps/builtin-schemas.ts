/**
 * @module
 * The schema specs of the eleven built-in step types, in documentation order.
 */
import type { StepSchemaSpec } from '../language/step-schema-spec.js'
import { agentPromptStepSchema } from './agent-prompt/schema.js'
import { approvalStepSchema } from './approval/schema.js'
import { bashStepSchema } from './bash/schema.js'
import { conditionalStepSchema } from './conditional/schema.js'
import { endStepSchema } from './end/schema.js'
import { loopStepSchema } from './loop/schema.js'
import { notifyStepSchema } from './notify/schema.js'
import { parallelStepSchema } from './parallel/schema.js'
import { setStepSchema } from './set/schema.js'
import { toolStepSchema } from './tool/schema.js'
import { waitStepSchema } from './wait/schema.js'

/** Schema specs of every built-in step type; pass them to `createWorkflowValidator`. */
export const builtinStepSchemas: readonly StepSchemaSpec[] = Object.freeze([
  agentPromptStepSchema,
  toolStepSchema,
  notifyStepSchema,
  bashStepSchema,
  conditionalStepSchema,
  loopStepSchema,
  parallelStepSchema,
  approvalStepSchema,
  waitStepSchema,
  setStepSchema,
  endStepSchema,
])
