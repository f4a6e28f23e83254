import { createWorkflowValidator, type ValidateOptions } from './language/validate-workflow.js'
import type { ValidationResult } from './language/workflow-types.js'
import type { Step } from './steps/step.js'
import { builtinStepSchemas } from './steps/builtin-schemas.js'

const validator = createWorkflowValidator(builtinStepSchemas)

/**
 * Validates a workflow document: every issue with a JSON Pointer path, a message and a hint.
 * Returns the normalised workflow (ids filled, aliases resolved) when valid. Pass the tool,
 * model and notifier names you have to check references too.
 *
 * @example
 * ```ts
 * const result = validateWorkflow({ id: 'x', steps: [{ type: 'agent', prompt: 'hi' }] })
 * if (!result.ok) console.log(result.issues[0].hint) // "`agent` was renamed `agent_prompt`"
 * ```
 */
export function validateWorkflow(document: unknown, options?: ValidateOptions): ValidationResult<Step> {
  return validator.validate(document, options) as ValidationResult<Step>
}

/** The JSON Schema of a workflow document (for editors and for LLM drafting), generated from the zod schema. */
export const workflowJsonSchema: Record<string, unknown> = validator.jsonSchema
