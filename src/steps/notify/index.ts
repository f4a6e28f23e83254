import { defineStepType } from '../../engine/step-type.js'
import { notifyStepDiagram } from './diagram.js'
import { executeNotify, prepareNotify, type NotifyInput } from './executor.js'
import { notifyStepSchema, type NotifyStep } from './schema.js'

/** The `notify` step type: sends rendered content to a host notifier. */
export const notifyStepType = defineStepType<NotifyStep, NotifyInput>({
  type: 'notify',
  schema: notifyStepSchema,
  diagram: notifyStepDiagram,
  prepare: prepareNotify,
  execute: executeNotify,
})
