import { defineStepType } from '../../engine/step-type.js'
import { conditionalStepDiagram } from './diagram.js'
import { executeConditional, prepareConditional, type ConditionalInput } from './executor.js'
import { conditionalStepSchema, type ConditionalStep } from './schema.js'

/** The `conditional` step type: runs `then` or `else`. */
export const conditionalStepType = defineStepType<ConditionalStep, ConditionalInput>({
  type: 'conditional',
  schema: conditionalStepSchema,
  diagram: conditionalStepDiagram,
  container: true,
  prepare: prepareConditional,
  execute: executeConditional,
})
