/**
 * @module
 * `createWorkflowValidator`: validation and normalisation of workflow documents.
 */
import { canonicalHash } from './canonical-hash.js'
import { IDENTIFIER_PATTERN } from './ids.js'
import { unknownNameHint } from './name-suggestions.js'
import type { StepSchemaSpec } from './step-schema-spec.js'
import { checkJsonSafety } from './validation/json-safety.js'
import { escapePointerToken } from './validation/json-pointer.js'
import { shallowSchemas, walkBlock, type WalkState } from './validation/walk-steps.js'
import { mapZodIssues } from './validation/zod-issues.js'
import { createWorkflowJsonSchema } from './workflow-json-schema.js'
import { workflowSchema } from './workflow-schema.js'
import type { StepBase, ValidationIssue, ValidationResult, VariableDeclaration, WorkflowDefinition } from './workflow-types.js'
import { z } from 'zod'

/** Host registries to check names against; a list that is absent is not checked. */
export interface ValidateOptions {
  /** Names of the host's tools (`tool.tool`, `agent_prompt.tools`). */
  tools?: readonly string[]
  /** Names in the host's model map (`agent_prompt.model`, `fallbackModels`). */
  models?: readonly string[]
  /** Names of the host's notifiers (`notify.target`, `failureNotify`). */
  notifiers?: readonly string[]
}

/** A validator for one set of step types. */
export interface WorkflowValidator {
  /**
   * Validates a document and returns the normalised workflow (ids filled, aliases rewritten,
   * nothing else changed) or every issue found, each with a JSON Pointer. Never throws.
   */
  validate(doc: unknown, options?: ValidateOptions): ValidationResult
  /** JSON Schema of the documents this validator accepts (plain JSON). */
  readonly jsonSchema: Record<string, unknown>
  /** The step types it knows. */
  readonly types: readonly string[]
}

const RESERVED_VARIABLES = new Set(['_trigger', '_payload'])

function matchesType(value: unknown, type: VariableDeclaration['type']): boolean {
  switch (type) {
    case 'any':
      return true
    case 'array':
      return Array.isArray(value)
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value)
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
    default:
      return typeof value === type
  }
}

function checkVariables(variables: unknown, issues: ValidationIssue[], warnings: ValidationIssue[]): void {
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) return
  for (const [name, declaration] of Object.entries(variables)) {
    const path = `/variables/${escapePointerToken(name)}`
    if (!IDENTIFIER_PATTERN.test(name)) {
      warnings.push({ path, code: 'invalid_field', message: `Variable \`${name}\` is not an identifier, so it can only be read as \`variables.\\\`${name}\\\`\`.`, hint: 'Use letters, digits and `_`.' })
    }
    if (typeof declaration !== 'object' || declaration === null) continue
    const { type, default: fallback } = declaration as Partial<VariableDeclaration>
    if (fallback !== undefined && typeof type === 'string' && ['string', 'number', 'boolean', 'array', 'object', 'any'].includes(type) && !matchesType(fallback, type as VariableDeclaration['type'])) {
      issues.push({ path: `${path}/default`, code: 'invalid_field', message: `The default of \`${name}\` does not match its type \`${type}\`.` })
    }
  }
}

function lintReferences(doc: Record<string, unknown>, state: WalkState): void {
  const declared = doc.variables
  if (typeof declared !== 'object' || declared === null || Array.isArray(declared)) return
  const reported = new Set<string>()
  for (const { path, name } of state.references) {
    if (Object.hasOwn(declared, name) || RESERVED_VARIABLES.has(name) || state.loopVariables.has(name) || reported.has(`${path}|${name}`)) continue
    reported.add(`${path}|${name}`)
    state.warnings.push({ path, code: 'unknown_variable', message: `\`variables.${name}\` is not declared in \`variables\`.`, hint: unknownNameHint(name, 'variables', Object.keys(declared)) })
  }
}

/**
 * Creates a validator for the given step types (usually `builtinStepSchemas`).
 *
 * @example
 * ```ts
 * const validator = createWorkflowValidator(builtinStepSchemas)
 * const result = validator.validate(doc, { tools: ['search'] })
 * if (!result.ok) console.log(result.issues) // [{ path: '/steps/2/over', message: …, hint: … }]
 * ```
 */
export function createWorkflowValidator(specs: readonly StepSchemaSpec[]): WorkflowValidator {
  // Building the zod schemas costs milliseconds; engines over the same step types share one validator.
  const cached = validators.find((entry) => entry.specs.length === specs.length && entry.specs.every((spec, i) => spec === specs[i]))
  if (cached !== undefined) return cached.validator
  const validator = buildValidator(specs)
  validators.push({ specs: [...specs], validator })
  if (validators.length > 16) validators.shift()
  return validator
}

/** Validators built so far, by their step schema specs (compared by identity). */
const validators: { specs: readonly StepSchemaSpec[]; validator: WorkflowValidator }[] = []

function buildValidator(specs: readonly StepSchemaSpec[]): WorkflowValidator {
  const specMap = new Map(specs.map((spec) => [spec.type, spec]))
  const schemas = shallowSchemas(specs)
  const documentSchema = workflowSchema(z.unknown())
  let jsonSchema: Record<string, unknown> | undefined

  const run = (doc: unknown, options: ValidateOptions): ValidationResult => {
    const safety = checkJsonSafety(doc)
    if (safety.length > 0) return { ok: false, issues: safety }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      return { ok: false, issues: [{ path: '', code: 'invalid_field', message: 'A workflow must be a JSON object with `steps`.' }] }
    }
    const record = doc as Record<string, unknown>
    const state: WalkState = { specs: specMap, schemas, context: options, issues: [], warnings: [], ids: new Map(), references: [], loopVariables: new Set() }
    const parsed = documentSchema.safeParse(record)
    if (!parsed.success) state.issues.push(...mapZodIssues(parsed.error.issues, { base: '', raw: record, schema: documentSchema, label: 'the workflow' }))
    checkVariables(record.variables, state.issues, state.warnings)
    if (typeof record.failureNotify === 'string' && record.failureNotify !== 'none' && options.notifiers !== undefined && !options.notifiers.includes(record.failureNotify)) {
      state.issues.push({ path: '/failureNotify', code: 'unknown_notifier', message: `Unknown notifier \`${record.failureNotify}\`.`, hint: unknownNameHint(record.failureNotify, 'notifiers', options.notifiers) })
    }
    const rawSteps = Array.isArray(record.steps) ? record.steps : undefined
    const steps = rawSteps === undefined ? [] : walkBlock(rawSteps, '/steps', rawSteps.map((_, index) => `/steps/${index}`), undefined, undefined, 1, state)
    lintReferences(record, state)
    if (state.issues.length > 0) return { ok: false, issues: state.issues }
    const normalised: Record<string, unknown> = { ...record }
    normalised.steps = steps
    if (normalised.id === undefined) {
      delete normalised.id
      const id = `wf-${canonicalHash(normalised).slice('sha256:'.length, 'sha256:'.length + 12)}`
      return { ok: true, workflow: { id, ...normalised } as unknown as WorkflowDefinition<StepBase>, warnings: state.warnings }
    }
    return { ok: true, workflow: normalised as unknown as WorkflowDefinition<StepBase>, warnings: state.warnings }
  }

  return {
    types: Object.freeze(specs.map((spec) => spec.type)),
    get jsonSchema(): Record<string, unknown> {
      jsonSchema ??= createWorkflowJsonSchema(specs)
      return jsonSchema
    },
    validate(doc: unknown, options: ValidateOptions = {}): ValidationResult {
      try {
        return run(doc, options ?? {})
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        return { ok: false, issues: [{ path: '', code: 'internal', message: `Validation failed unexpectedly: ${message}` }] }
      }
    },
  }
}
