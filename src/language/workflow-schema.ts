/**
 * @module
 * The zod schema of the workflow document (top level), shared by validation and the JSON Schema
 * export.
 */
import { z } from 'zod'
import { metadataSchema, retryPolicySchema, stepIdSchema, timeoutSchema } from './step-base-schema.js'

/** The variable types a declaration may use. */
export const VARIABLE_TYPES = ['string', 'number', 'boolean', 'array', 'object', 'any'] as const

/** Schema of a {@link VariableDeclaration}. */
export const variableDeclarationSchema = z
  .strictObject({
    type: z.enum(VARIABLE_TYPES).describe('JSON type of the value.'),
    description: z.string().optional(),
    required: z.boolean().optional().describe('run/start reject a missing required variable.'),
    default: z.unknown().optional().describe('Applied at start when the variable is missing; must match type.'),
  })
  .describe('A declared input variable.')

const positiveInteger = z.number().int({ error: 'Must be a positive integer.' }).min(1, { error: 'Must be a positive integer.' })

/** Schema of `limits` (each a positive integer). */
export const limitsSchema = z
  .strictObject({
    maxSteps: positiveInteger.optional().describe('Step instances visited per execution (default 500).'),
    maxLoopIterations: positiveInteger.optional().describe('Iterations of one loop (default 1000).'),
    maxOutputBytes: positiveInteger.optional().describe('Bytes of one step output (default 262144).'),
    maxStateBytes: positiveInteger.optional().describe('Bytes of execution state (default 10485760).'),
    expressionTimeoutMs: positiveInteger.optional().describe('Milliseconds per expression (default 100).'),
    maxConcurrentAgentSteps: positiveInteger.optional().describe('Agent steps at the same time (default 10).'),
  })
  .describe('Overrides of the engine limits.')

/** The zod schema of a workflow document; `step` is the schema of one step. */
export function workflowSchema(step: z.ZodType) {
  return z.strictObject({
    $schema: z.string().optional().describe('JSON Schema reference for editors; ignored.'),
    id: stepIdSchema.optional().describe('Workflow id, [A-Za-z0-9_-]{1,128}. Derived from the content hash when omitted.'),
    name: z.string().optional().describe('Display name.'),
    description: z.string().optional(),
    version: z.string().optional().describe('Author-defined version label.'),
    variables: z.record(z.string(), variableDeclarationSchema).optional().describe('Declared input variables.'),
    defaults: z
      .strictObject({ timeoutMs: timeoutSchema().optional().describe('Default step timeout, ms.'), retry: retryPolicySchema.optional() })
      .optional()
      .describe('Defaults for every step.'),
    limits: limitsSchema.optional(),
    failureNotify: z.string().min(1).optional().describe('Notifier told when a run not started by a person fails or is cancelled (`none`: never).'),
    constraints: z.strictObject({ allowSelfModification: z.boolean().optional() }).optional(),
    metadata: metadataSchema.optional(),
    steps: z.array(step).min(1, { error: 'A workflow needs at least one step.' }).describe('The top-level block, run in order.'),
  })
}
