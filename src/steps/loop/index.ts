import { defineStepType } from '../../engine/step-type.js'
import { loopStepDiagram } from './diagram.js'
import { executeLoop, prepareLoop, type LoopInput } from './executor.js'
import { loopStepSchema, type LoopStep } from './schema.js'

/** The `loop` step type: runs its body once per item, optionally several at a time. */
export const loopStepType = defineStepType<LoopStep, LoopInput>({
  type: 'loop',
  schema: loopStepSchema,
  diagram: loopStepDiagram,
  container: true,
  prepare: prepareLoop,
  execute: executeLoop,
})
