/**
 * @module
 * `runCli`: the `stepwise` command line — parses it, runs the command, and turns errors into
 * messages and exit codes (0 ok, 1 invalid workflow or failed/cancelled execution, 2 usage).
 */
import { StepwiseError } from '../errors/stepwise-error.js'
import type { CliIo } from './cli-io.js'
import { helpText } from './help-text.js'
import { packageVersion } from './package-version.js'
import { parseCommandLine, UsageError } from './parse-command-line.js'

// Commands are imported when they run, so `--help`, `schema` and `validate` do not load the
// engine, the AI SDK or the HTTP handler.

/** Runs the command line `argv` (without `node` and the script) against `io`; resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const line = parseCommandLine(argv)
    switch (line.command) {
      case 'help':
        io.stdout.write(helpText(line.topic))
        return 0
      case 'version':
        io.stdout.write(`${packageVersion()}\n`)
        return 0
      case 'schema':
        io.stdout.write((await import('./schema-text.js')).workflowSchemaText())
        return 0
      case 'validate':
        return await (await import('./validate-command.js')).validateCommand(line.files, io)
      case 'run':
        return await (await import('./run-command.js')).runCommand(line.file, line.flags, io)
      case 'dev':
        return await (await import('./dev-command.js')).devCommand(line.dir, line.flags, io)
    }
  } catch (error) {
    if (error instanceof UsageError) {
      const usage = helpText(error.command).split('\n').find((line) => line.startsWith('Usage:')) ?? ''
      io.stderr.write(`stepwise: ${error.message}\n${usage}\nRun \`stepwise ${error.command === undefined ? '' : `${error.command} `}--help\` for more.\n`)
      return 2
    }
    const failure = StepwiseError.from(error)
    io.stderr.write(`stepwise: ${failure.message} [${failure.code}]\n`)
    if (io.env.STEPWISE_DEBUG !== undefined && error instanceof Error && error.stack !== undefined) io.stderr.write(`${error.stack}\n`)
    return 1
  } finally {
    io.close()
  }
}
