/**
 * @module
 * Input fields shared by several management tools, and the parsing of JSON given as text
 * (models often send a JSON document as a string).
 */
import { z } from 'zod'
import { StepwiseError } from '../errors/stepwise-error.js'

/** A workflow id. */
export const workflowIdField = z.string().min(1).max(200).describe('The workflow id, as list_workflows shows it.')

/** An execution id. */
export const executionIdField = z.string().min(1).max(200).describe('The execution id, as list_executions or run_workflow returned it.')

/** A trigger id. */
export const triggerIdField = z.string().min(1).max(200).describe('The trigger id, as list_triggers or save_trigger returned it.')

/** A proposal id. */
export const proposalIdField = z.string().min(1).max(200).describe('The proposal id (prp_…), as list_workflow_proposals shows it.')

/** Notes recorded with a change. */
export const notesField = z.string().max(2000).optional().describe('Why: recorded with the change for people reviewing the history.')

/** A JSON object, or the same object as JSON text. */
export function jsonObjectField(description: string) {
  return z.union([z.record(z.string(), z.unknown()), z.string()]).describe(`${description} A JSON object (JSON text is also accepted).`)
}

/** Parses a {@link jsonObjectField} value: objects pass through, text must hold a JSON object. */
export function parseJsonObject(value: Record<string, unknown> | string, field: string): Record<string, unknown> {
  if (typeof value !== 'string') return value
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch (error) {
    throw new StepwiseError('INVALID_ARGUMENT', `${field} is not valid JSON: ${error instanceof Error ? error.message : String(error)}. Send a JSON object.`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new StepwiseError('INVALID_ARGUMENT', `${field} must be a JSON object.`)
  return parsed as Record<string, unknown>
}

/** The object without its `undefined` fields, so the engine sees only what the model gave. */
export function compact<T extends Record<string, unknown>>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const result: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) if (item !== undefined) result[key] = item
  return result as { [K in keyof T]?: Exclude<T[K], undefined> }
}
