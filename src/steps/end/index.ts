import { defineStepType } from '../../engine/step-type.js'
import { endStepDiagram } from './diagram.js'
import { executeEnd, prepareEnd, type EndInput } from './executor.js'
import { endStepSchema, type EndStep } from './schema.js'

/** The `end` step type: stops the execution with a status and output. */
export const endStepType = defineStepType<EndStep, EndInput>({
  type: 'end',
  schema: endStepSchema,
  diagram: endStepDiagram,
  prepare: prepareEnd,
  execute: executeEnd,
})
