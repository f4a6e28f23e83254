import { defineStepType } from '../../engine/step-type.js'
import { parallelStepDiagram } from './diagram.js'
import { executeParallel } from './executor.js'
import { parallelStepSchema, type ParallelStep } from './schema.js'

/** The `parallel` step type: runs branches concurrently. */
export const parallelStepType = defineStepType<ParallelStep, undefined>({
  type: 'parallel',
  schema: parallelStepSchema,
  diagram: parallelStepDiagram,
  container: true,
  execute: executeParallel,
})
