/**
 * @module
 * The CLI's help texts.
 */
import type { CommandName } from './parse-command-line.js'

const MODEL_HELP = `Model and tools:
  --model <id>         OpenAI model id when OPENAI_API_KEY is set (default: $STEPWISE_MODEL or gpt-4o-mini)
  --demo               use the scripted demo model even when OPENAI_API_KEY is set
  --tools <module>     ES module exporting AI SDK tools (default export or \`tools\`), merged over the demo tools
  --shell              let bash steps run on this machine (localShell)`

const TOPICS: Record<CommandName, string> = {
  validate: `Usage: stepwise validate <file|folder>...

Validates workflow files (a folder: every *.json in it). Prints each issue as
"<JSON Pointer>: message (hint)". Exit code 1 when any file is invalid.`,
  run: `Usage: stepwise run <file> [options]

Runs a workflow file and prints its steps as a live tree. Exit code 0 when the execution
completes, 1 when it fails or is cancelled (e.g. an approval was denied).

Inputs:
  --var <name=value>   a variable (repeatable); the value is parsed as JSON unless the
                       variable is declared as a string
  --vars-file <file>   a JSON object of variables (--var wins)
Approvals:
  --approve, --deny    answer every approval without asking
  --by <name>          who decides (default: cli:<user name>)
                       Without --approve/--deny the CLI asks "Approve? [y/N]" on standard input.
Storage and output:
  --db <file>          keep the workflow and execution in a SQLite file (default: in memory)
  --json               print the events as JSON lines instead of the tree

${MODEL_HELP}`,
  dev: `Usage: stepwise dev [folder] [options]

Serves the HTTP API (under /api) for the workflow files in a folder (default: .), saved into
<folder>/.stepwise/dev.db, and saves them again whenever a file changes.

  -p, --port <port>    port (default 4321; 0 picks a free one)
  --host <host>        interface (default 127.0.0.1; the API has no authentication)
  --memory             keep everything in memory instead of .stepwise/dev.db

${MODEL_HELP}`,
  schema: `Usage: stepwise schema

Prints the JSON Schema of workflow documents (the same as schema/workflow.schema.json).`,
}

const MAIN = `stepwise: run and check JSON workflows

Usage: stepwise <command> [options]

Commands:
  validate <file|folder>...   check workflow files, print every issue
  run <file>                  run a workflow, with a live tree of its steps
  dev [folder]                serve a folder of workflows over HTTP, reloading on change
  schema                      print the JSON Schema of workflow documents

Options:
  -h, --help                  help (also: stepwise <command> --help)
  -v, --version               version

Exit codes: 0 ok, 1 invalid workflow or failed/cancelled execution, 2 wrong command line.`

/** The help text of a command, or the overview. */
export function helpText(topic?: CommandName): string {
  return `${topic === undefined ? MAIN : TOPICS[topic]}\n`
}
