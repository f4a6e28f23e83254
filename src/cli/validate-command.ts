/**
 * @module
 * `stepwise validate <file|folder>...`: validates workflow files and prints every issue.
 */
import { readdir, stat } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { StepwiseError } from '../errors/stepwise-error.js'
import type { ValidationIssue } from '../language/workflow-types.js'
import { validateWorkflow } from '../validate.js'
import type { CliIo } from './cli-io.js'
import { readJsonFile } from './read-json-file.js'
import { colorEnabled, painter, type Paint } from './text-style.js'
import { workflowReferences } from './workflow-references.js'

/** One issue as `  /steps/2/over: message (hint)`; warnings are marked. */
export function formatIssue(issue: ValidationIssue, paint: Paint, warning = false): string {
  const hint = issue.hint === undefined ? '' : paint('dim', ` (${issue.hint})`)
  return `  ${warning ? paint('yellow', 'warning ') : ''}${paint(warning ? 'yellow' : 'red', issue.path || '/')}: ${issue.message}${hint}`
}

/** Whether a file in a folder is taken for a workflow: `*.json`, except schemas and package or compiler settings. */
export function isWorkflowFileName(name: string): boolean {
  return name.endsWith('.json') && !name.endsWith('.schema.json') && !['package.json', 'package-lock.json', 'tsconfig.json'].includes(name)
}

/** Expands folders to the workflow files in them (sorted, see {@link isWorkflowFileName}); files stay as given. */
export async function workflowFiles(paths: readonly string[], cwd: string): Promise<string[]> {
  const files: string[] = []
  for (const path of paths) {
    const absolute = resolve(cwd, path)
    const info = await stat(absolute).catch(() => undefined)
    if (info?.isDirectory() !== true) {
      files.push(path)
      continue
    }
    const names = (await readdir(absolute)).filter(isWorkflowFileName).sort()
    files.push(...names.map((name) => relative(cwd, join(absolute, name)) || name))
  }
  return files
}

/** Validates each file; prints issues and a summary. Returns the exit code (1 when any is invalid). */
export async function validateCommand(paths: readonly string[], io: CliIo): Promise<number> {
  const paint = painter(colorEnabled(io.stdout.isTTY, io.env))
  const files = await workflowFiles(paths, io.cwd)
  if (files.length === 0) {
    io.stderr.write(`No *.json files in ${paths.join(', ')}.\n`)
    return 1
  }
  let invalid = 0
  for (const file of files) {
    let document: unknown
    try {
      document = await readJsonFile(resolve(io.cwd, file), file)
    } catch (error) {
      invalid += 1
      io.stdout.write(`${paint('red', '✗')} ${StepwiseError.from(error).message}\n`)
      continue
    }
    const result = validateWorkflow(document)
    if (!result.ok) {
      invalid += 1
      io.stdout.write(`${paint('red', '✗')} ${file}: ${result.issues.length} issue${result.issues.length === 1 ? '' : 's'}\n`)
      for (const issue of result.issues) io.stdout.write(`${formatIssue(issue, paint)}\n`)
      continue
    }
    const steps = workflowReferences(result.workflow).stepCount
    io.stdout.write(`${paint('green', '✓')} ${file}: ${result.workflow.id ?? '(no id)'}, ${steps} step${steps === 1 ? '' : 's'}\n`)
    for (const warning of result.warnings) io.stdout.write(`${formatIssue(warning, paint, true)}\n`)
  }
  if (files.length > 1) io.stdout.write(`${files.length} files: ${files.length - invalid} valid, ${invalid} invalid\n`)
  return invalid === 0 ? 0 : 1
}
