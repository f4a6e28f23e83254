/**
 * @module
 * `parseCommandLine`: the subcommand, its options and positionals (node:util `parseArgs`), and
 * `UsageError` for a command line the CLI cannot run (exit code 2).
 */
import { parseArgs } from 'node:util'

/** A wrong command line: unknown command or option, missing argument. Exits with code 2. */
export class UsageError extends Error {
  /** Creates the error; `command` selects the help text shown with it. */
  constructor(
    message: string,
    readonly command?: CommandName,
  ) {
    super(message)
    this.name = 'UsageError'
  }
}

/** The subcommands. */
export const COMMAND_NAMES = ['validate', 'run', 'dev', 'schema'] as const

/** A subcommand name. */
export type CommandName = (typeof COMMAND_NAMES)[number]

type OptionSpec = { type: 'string' | 'boolean'; multiple?: boolean; short?: string }

const MODEL_OPTIONS = {
  model: { type: 'string' },
  demo: { type: 'boolean' },
  tools: { type: 'string' },
  shell: { type: 'boolean' },
} as const satisfies Record<string, OptionSpec>

const OPTIONS = {
  validate: {},
  schema: {},
  run: {
    var: { type: 'string', multiple: true },
    'vars-file': { type: 'string' },
    db: { type: 'string' },
    approve: { type: 'boolean' },
    deny: { type: 'boolean' },
    by: { type: 'string' },
    json: { type: 'boolean' },
    ...MODEL_OPTIONS,
  },
  dev: {
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
    memory: { type: 'boolean' },
    ...MODEL_OPTIONS,
  },
} as const satisfies Record<CommandName, Record<string, OptionSpec>>

/** Options of `stepwise run`, as given. */
export interface RunFlags {
  var?: string[]
  'vars-file'?: string
  db?: string
  approve?: boolean
  deny?: boolean
  by?: string
  json?: boolean
  model?: string
  demo?: boolean
  tools?: string
  shell?: boolean
}

/** Options of `stepwise dev`, as given. */
export interface DevFlags {
  port?: string
  host?: string
  memory?: boolean
  model?: string
  demo?: boolean
  tools?: string
  shell?: boolean
}

/** A parsed command line. */
export type CommandLine =
  | { command: 'help'; topic?: CommandName }
  | { command: 'version' }
  | { command: 'validate'; files: string[] }
  | { command: 'schema' }
  | { command: 'run'; file: string; flags: RunFlags }
  | { command: 'dev'; dir: string; flags: DevFlags }

function isCommand(value: string): value is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(value)
}

function parseFor(command: CommandName, args: string[]): { values: Record<string, unknown>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options: { ...OPTIONS[command], help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true })
    return { values, positionals }
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, '.') : String(error)
    throw new UsageError(message, command)
  }
}

/**
 * Parses `argv` (without `node` and the script): `<command> [options] [arguments]`, or
 * `--help` / `--version`. Throws {@link UsageError} for anything it cannot run.
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const [first, ...rest] = argv
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' && rest[0] !== undefined && isCommand(rest[0]) ? rest[0] : undefined
    return topic === undefined ? { command: 'help' } : { command: 'help', topic }
  }
  if (first === '--version' || first === '-v' || first === 'version') return { command: 'version' }
  if (!isCommand(first)) throw new UsageError(first.startsWith('-') ? `Unknown option ${first}.` : `Unknown command "${first}".`)
  const { values, positionals } = parseFor(first, rest)
  if (values.help === true) return { command: 'help', topic: first }
  switch (first) {
    case 'validate':
      if (positionals.length === 0) throw new UsageError('validate needs at least one workflow file (or folder).', first)
      return { command: 'validate', files: positionals }
    case 'schema':
      if (positionals.length > 0) throw new UsageError(`schema takes no arguments (got "${positionals[0]}").`, first)
      return { command: 'schema' }
    case 'run': {
      if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'run needs a workflow file.' : 'run takes exactly one workflow file.', first)
      const flags = values as RunFlags
      if (flags.approve === true && flags.deny === true) throw new UsageError('Pass --approve or --deny, not both.', first)
      return { command: 'run', file: positionals[0], flags }
    }
    case 'dev':
      if (positionals.length > 1) throw new UsageError('dev takes at most one folder.', first)
      return { command: 'dev', dir: positionals[0] ?? '.', flags: values as DevFlags }
  }
}
