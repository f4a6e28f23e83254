import type { AnyStepType } from '../engine/step-type.js'
import { agentPromptStepType } from './agent-prompt/index.js'
import { approvalStepType } from './approval/index.js'
import { bashStepType } from './bash/index.js'
import { conditionalStepType } from './conditional/index.js'
import { endStepType } from './end/index.js'
import { loopStepType } from './loop/index.js'
import { notifyStepType } from './notify/index.js'
import { parallelStepType } from './parallel/index.js'
import { setStepType } from './set/index.js'
import { toolStepType } from './tool/index.js'
import { waitStepType } from './wait/index.js'

/** Every built-in step type. */
export const builtinStepTypes: readonly AnyStepType[] = [
  agentPromptStepType,
  toolStepType,
  notifyStepType,
  bashStepType,
  conditionalStepType,
  loopStepType,
  parallelStepType,
  approvalStepType,
  waitStepType,
  setStepType,
  endStepType,
]
