/**
 * @module
 * `workflowSchemaText`: the JSON Schema of workflow documents as the text of
 * `schema/workflow.schema.json` (printed by `stepwise schema`, written by `npm run schema`).
 */
import { workflowJsonSchema } from '../validate.js'

/** `workflowJsonSchema` as pretty JSON with a final newline. */
export function workflowSchemaText(): string {
  return `${JSON.stringify(workflowJsonSchema, null, 2)}\n`
}
