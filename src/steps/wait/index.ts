import { defineStepType } from '../../engine/step-type.js'
import { waitStepDiagram } from './diagram.js'
import { executeWait, prepareWait, type WaitInput } from './executor.js'
import { waitStepSchema, type WaitStep } from './schema.js'

/** The `wait` step type: a durable timer that survives restarts. */
export const waitStepType = defineStepType<WaitStep, WaitInput>({
  type: 'wait',
  schema: waitStepSchema,
  diagram: waitStepDiagram,
  timeout: 'none',
  prepare: prepareWait,
  execute: executeWait,
})
