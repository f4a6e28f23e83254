/**
 * @module
 * `parseVariables`: the variables of `stepwise run` from `--vars-file` and `--var name=value`.
 */
import { resolve } from 'node:path'
import { StepwiseError } from '../errors/stepwise-error.js'
import type { VariableDeclaration } from '../language/workflow-types.js'
import { UsageError } from './parse-command-line.js'
import { readJsonFile } from './read-json-file.js'

/**
 * Parses one `--var` value: verbatim for a variable declared as `string`, else as JSON when it
 * parses (`3`, `true`, `{"a":1}`, `"quoted"`), else verbatim.
 */
export function parseVariableValue(raw: string, declaration?: VariableDeclaration): unknown {
  if (declaration?.type === 'string') return raw
  try {
    return JSON.parse(raw)
  } catch {
    return raw
  }
}

/**
 * Variables from `varsFile` (a JSON object) overlaid with each `name=value` of `assignments`.
 * A malformed assignment or file is a {@link UsageError}.
 */
export async function parseVariables(
  assignments: readonly string[],
  varsFile: string | undefined,
  declarations: Readonly<Record<string, VariableDeclaration>> | undefined,
  cwd: string,
): Promise<Record<string, unknown>> {
  let variables: Record<string, unknown> = {}
  if (varsFile !== undefined) {
    let loaded: unknown
    try {
      loaded = await readJsonFile(resolve(cwd, varsFile), varsFile)
    } catch (error) {
      throw new UsageError(`--vars-file: ${StepwiseError.from(error).message}`, 'run')
    }
    if (typeof loaded !== 'object' || loaded === null || Array.isArray(loaded)) throw new UsageError(`--vars-file ${varsFile} must hold a JSON object of variables.`, 'run')
    variables = { ...(loaded as Record<string, unknown>) }
  }
  for (const assignment of assignments) {
    const equals = assignment.indexOf('=')
    if (equals <= 0) throw new UsageError(`--var needs name=value (got "${assignment}").`, 'run')
    const name = assignment.slice(0, equals)
    variables[name] = parseVariableValue(assignment.slice(equals + 1), declarations?.[name])
  }
  return variables
}
