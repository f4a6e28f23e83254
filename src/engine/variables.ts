import { StepwiseError } from '../errors/stepwise-error.js'
import type { VariableDeclaration } from '../language/workflow-types.js'

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array'
  if (value === null) return 'null'
  return typeof value
}

function matches(declaration: VariableDeclaration, value: unknown): boolean {
  switch (declaration.type) {
    case 'any':
      return true
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value)
    case 'array':
      return Array.isArray(value)
    default:
      return typeof value === declaration.type
  }
}

/**
 * Checks input variables against the workflow's declarations, applies defaults and returns a
 * JSON copy the caller cannot mutate afterwards. Undeclared variables pass through.
 * Throws `VARIABLES_INVALID` (with `details.issues`) when a required one is missing or a value
 * has the wrong type.
 */
export function applyVariables(
  declarations: Readonly<Record<string, VariableDeclaration>> | undefined,
  input: unknown,
): Record<string, unknown> {
  if (input !== undefined && (typeof input !== 'object' || input === null || Array.isArray(input))) {
    throw new StepwiseError('VARIABLES_INVALID', 'variables must be an object.', { details: { issues: [{ path: '', message: 'variables must be an object' }] } })
  }
  let copy: Record<string, unknown>
  try {
    copy = input === undefined ? {} : (JSON.parse(JSON.stringify(input)) as Record<string, unknown>)
  } catch (error) {
    throw new StepwiseError('VARIABLES_INVALID', `variables must be JSON: ${(error as Error).message}`, { details: { issues: [{ path: '', message: 'not JSON-serialisable' }] } })
  }
  const issues: { path: string; message: string }[] = []
  for (const [name, declaration] of Object.entries(declarations ?? {})) {
    const value = Object.hasOwn(copy, name) ? copy[name] : undefined
    if (value === undefined) {
      if (declaration.default !== undefined) copy[name] = structuredClone(declaration.default)
      else if (declaration.required === true) issues.push({ path: `/${name}`, message: `Required variable "${name}" (${declaration.type}) is missing.` })
      continue
    }
    if (!matches(declaration, value)) {
      issues.push({ path: `/${name}`, message: `Variable "${name}" must be ${declaration.type}, got ${typeOf(value)}.` })
    }
  }
  if (issues.length > 0) {
    throw new StepwiseError('VARIABLES_INVALID', `Invalid variables: ${issues.map((i) => i.message).join(' ')}`, { details: { issues } })
  }
  return copy
}
