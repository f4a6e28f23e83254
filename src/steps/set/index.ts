import { defineStepType } from '../../engine/step-type.js'
import { setStepDiagram } from './diagram.js'
import { executeSet, prepareSet, publishSet } from './executor.js'
import { setStepSchema, type SetStep } from './schema.js'

/** The `set` step type: computes values and publishes them into `outputs`. */
export const setStepType = defineStepType<SetStep, Record<string, unknown>>({
  type: 'set',
  schema: setStepSchema,
  diagram: setStepDiagram,
  prepare: prepareSet,
  execute: executeSet,
  publish: publishSet,
})
