/**
 * @module
 * The validator over the built-in step types, shared by the validation tests (not public API).
 */
// Test-only: the validation tests run over the real built-in step types. Production code in
// `language/` never imports `steps/` (dependencies point language ← engine ← steps).
// eslint-disable-next-line no-restricted-imports
import { builtinStepSchemas } from '../steps/builtin-schemas.js'
import { createWorkflowValidator } from './validate-workflow.js'
import type { ValidationIssue, ValidationResult } from './workflow-types.js'

/** Validator over every built-in step type. */
export const testValidator = createWorkflowValidator(builtinStepSchemas)

/** The issues of an invalid result (fails the test when the result is valid). */
export function issuesOf(result: ValidationResult): ValidationIssue[] {
  if (result.ok) throw new Error(`expected issues, got a valid workflow: ${JSON.stringify(result.workflow)}`)
  return result.issues
}

/** Validates a workflow made of `steps`, returning its issues (or [] when valid). */
export function stepIssues(steps: unknown[], options?: Parameters<typeof testValidator.validate>[1]): ValidationIssue[] {
  const result = testValidator.validate({ id: 'wf', steps }, options)
  return result.ok ? [] : result.issues
}
