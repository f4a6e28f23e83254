/**
 * @module
 * `readJsonFile`: reads and parses a JSON file; a missing file or a syntax error becomes a
 * `StepwiseError` naming the file (and the line and column of the error).
 */
import { readFile } from 'node:fs/promises'
import { StepwiseError } from '../errors/stepwise-error.js'

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position)
  const line = before.split('\n').length
  const column = position - before.lastIndexOf('\n')
  return `${line}:${column}`
}

/** Parses JSON text from `file`; a syntax error becomes `INVALID_ARGUMENT` with the line and column. */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const position = /at position (\d+)/.exec(message)
    const where = position === null ? '' : `:${lineAndColumn(text, Number(position[1]))}`
    throw new StepwiseError('INVALID_ARGUMENT', `${file}${where}: not valid JSON (${message.replace(/^JSON\.parse: /, '')}).`)
  }
}

/** Reads `path` (as given by the user, shown in messages as `file`) and parses it as JSON. */
export async function readJsonFile(path: string, file: string = path): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : code === 'EACCES' ? 'permission denied' : error instanceof Error ? error.message : String(error)
    throw new StepwiseError('NOT_FOUND', `${file}: cannot read (${reason}).`)
  }
  return parseJsonText(text, file)
}
