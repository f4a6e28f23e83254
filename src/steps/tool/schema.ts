/**
 * @module
 * Schema of the `tool` step: calls one host tool with templated arguments.
 */
import { z } from 'zod'
import { unknownNameHint } from '../../language/name-suggestions.js'
import { baseExpressionFields, isRecord, stepBaseShape } from '../../language/step-base-schema.js'
import type { StepSchemaSpec } from '../../language/step-schema-spec.js'
import type { StepBase } from '../../language/workflow-types.js'

/** Calls a host tool (an AI SDK tool) by name. */
export interface ToolStep extends StepBase {
  /** Discriminator. */
  type: 'tool'
  /** Host tool name. Unknown names fail validation when the registry is known, the step otherwise. */
  tool: string
  /** Tool input; every string at any depth is a template (`"{{ outputs.plan }}"` keeps its type). */
  arguments?: Record<string, unknown>
}

/** Schema spec of {@link ToolStep}. */
export const toolStepSchema: StepSchemaSpec<ToolStep> = {
  type: 'tool',
  schema: () =>
    z.strictObject({
      ...stepBaseShape('tool'),
      tool: z.string().min(1).describe('Host tool name.'),
      arguments: z.record(z.string(), z.unknown()).optional().describe('Tool input; strings at any depth are templates.'),
    }),
  blocks: () => [],
  expressions: (step) => [...baseExpressionFields(step), ...(isRecord(step.arguments) ? [{ pointer: '/arguments', kind: 'value' as const, value: step.arguments }] : [])],
  check(step, context) {
    if (context.tools === undefined || typeof step.tool !== 'string' || context.tools.includes(step.tool)) return []
    return [{ path: '/tool', code: 'unknown_tool', message: `Unknown tool \`${step.tool}\`.`, hint: unknownNameHint(step.tool, 'tools', context.tools) }]
  },
}
