import { defineStepType } from '../../engine/step-type.js'
import { toolStepDiagram } from './diagram.js'
import { executeTool, prepareTool } from './executor.js'
import { toolStepSchema, type ToolStep } from './schema.js'

/** The `tool` step type: calls a host AI SDK tool with templated arguments. */
export const toolStepType = defineStepType<ToolStep, unknown>({
  type: 'tool',
  schema: toolStepSchema,
  diagram: toolStepDiagram,
  prepare: prepareTool,
  execute: executeTool,
})
