/**
 * @module
 * `stepwise run <file>`: runs a workflow file with a live tree of its events, answers its
 * approvals, and exits 0 when it completes, 1 when it fails or is cancelled.
 */
import { userInfo } from 'node:os'
import { resolve } from 'node:path'
import { memoryStorage } from '../adapters/storage/memory/memory-storage.js'
import type { WorkerHandle } from '../engine/engine-types.js'
import type { StepwiseEvent } from '../engine/events.js'
import type { ExecutionError } from '../engine/records.js'
import { validateWorkflow } from '../validate.js'
import { ApprovalAnswers, type ApprovalMode } from './approval-answers.js'
import type { CliIo } from './cli-io.js'
import { createCliEngine, openSqliteStorage } from './create-cli-engine.js'
import { LiveTree } from './live-tree.js'
import type { RunFlags } from './parse-command-line.js'
import { parseVariables } from './parse-variables.js'
import { readJsonFile } from './read-json-file.js'
import { colorEnabled, duration, painter, summarize } from './text-style.js'
import { formatIssue } from './validate-command.js'

function defaultDecider(): string {
  try {
    return `cli:${userInfo().username}`
  } catch {
    return 'cli'
  }
}

function describeError(error: ExecutionError | undefined): string {
  if (error === undefined) return ''
  return `${error.code}: ${error.message}${error.stepId === undefined ? '' : ` (step ${error.stepId})`}${error.reason === undefined || error.message.includes(error.reason) ? '' : ` [${error.reason}]`}`
}

/** The outputs as JSON when short, else their names (the `--json` events hold everything). */
function outputsLine(outputs: Record<string, unknown>): string {
  const text = summarize(outputs, 1000)
  return text.length <= 240 ? text : `${Object.keys(outputs).join(', ')} (--json prints them in full)`
}

/** Runs the workflow in `file`; returns the exit code. */
export async function runCommand(file: string, flags: RunFlags, io: CliIo): Promise<number> {
  const json = flags.json === true
  const human = json ? io.stderr : io.stdout
  const paint = painter(colorEnabled(human.isTTY, io.env))
  const document = await readJsonFile(resolve(io.cwd, file), file)
  const checked = validateWorkflow(document)
  if (!checked.ok) {
    human.write(`${paint('red', '✗')} ${file}: ${checked.issues.length} issue${checked.issues.length === 1 ? '' : 's'}\n`)
    for (const issue of checked.issues) human.write(`${formatIssue(issue, paint)}\n`)
    return 1
  }
  const variables = await parseVariables(flags.var ?? [], flags['vars-file'], checked.workflow.variables, io.cwd)
  const storage = flags.db === undefined ? memoryStorage() : await openSqliteStorage(resolve(io.cwd, flags.db))
  const tree = json ? undefined : new LiveTree({ out: io.stdout, color: colorEnabled(io.stdout.isTTY, io.env), progress: io.stdout.isTTY, topLevelSteps: checked.workflow.steps.map((step) => step.id ?? '') })
  const note = (line: string): void => (tree === undefined ? human.write(`${line}\n`) : tree.write(line))
  const cli = await createCliEngine({
    io,
    storage,
    ...(flags.model === undefined ? {} : { model: flags.model }),
    ...(flags.demo === undefined ? {} : { demo: flags.demo }),
    ...(flags.tools === undefined ? {} : { toolsModule: flags.tools }),
    ...(flags.shell === undefined ? {} : { shell: flags.shell }),
    onNotify: (message) => (tree === undefined ? io.stderr.write(`✉ ${message.target}: ${message.content}\n`) : tree.notify(message)),
  })
  const { engine } = cli
  let worker: WorkerHandle | undefined
  let unsubscribe: (() => void) | undefined
  try {
    const stubbed = cli.provide(document)
    const saved = await engine.workflows.save(document, { author: 'cli' })
    note(paint('bold', `${checked.workflow.name ?? saved.id}`) + paint('dim', ` · ${file} · model: ${cli.modelLabel}`))
    if (cli.modelHint !== undefined) io.stderr.write(`${paint('yellow', 'hint:')} ${cli.modelHint}\n`)
    if (stubbed.length > 0) note(paint('dim', `stand-in tools (return their arguments): ${stubbed.join(', ')}`))
    const execution = await engine.start(saved.id, { variables })
    worker = engine.startWorker({ pollMs: 200 })
    let interrupts = 0
    unsubscribe = io.onInterrupt(() => {
      interrupts += 1
      if (interrupts > 1) process.exit(1)
      note(paint('yellow', 'Interrupted: cancelling the execution (Ctrl-C again to quit at once)…'))
      void engine.executions.cancel(execution.id, { reason: 'interrupted' }).catch(() => undefined)
    })
    const mode: ApprovalMode = flags.approve === true ? 'approve' : flags.deny === true ? 'deny' : 'ask'
    const answers = new ApprovalAnswers({
      mode,
      by: flags.by ?? defaultDecider(),
      io,
      ask: (question) => (tree === undefined ? io.stderr.write(question) : tree.ask(question)),
      answered: (text) => human.write(`${text}\n`),
    })
    let last: StepwiseEvent | undefined
    for await (const event of engine.events(execution.id)) {
      last = event
      if (tree === undefined) io.stdout.write(`${JSON.stringify(event)}\n`)
      else tree.event(event)
      if (event.type === 'approval.requested') answers.requested(event)
      if (event.type === 'execution.waiting' && event.waitingFor.kind === 'approval') await answers.decidePending(engine)
    }
    tree?.finish()
    const final = await engine.executions.get(execution.id)
    const took = duration(Date.parse(final.endedAt ?? new Date().toISOString()) - Date.parse(final.startedAt))
    if (final.status === 'completed') {
      human.write(`${paint('green', '✓ completed')} in ${took}${paint('dim', ` · ${final.id}`)}\n`)
      if (last?.type === 'execution.completed' && last.output !== undefined) human.write(`${paint('dim', 'output:')} ${summarize(last.output, 400)}\n`)
      else human.write(`${paint('dim', 'outputs:')} ${outputsLine(final.outputs)}\n`)
    } else {
      human.write(`${paint(final.status === 'failed' ? 'red' : 'yellow', `${final.status === 'failed' ? '✗' : '⊘'} ${final.status}`)} in ${took}: ${describeError(final.error)}\n`)
    }
    if (flags.db !== undefined) human.write(paint('dim', `execution ${final.id} is stored in ${flags.db}\n`))
    return final.status === 'completed' ? 0 : 1
  } finally {
    tree?.finish()
    unsubscribe?.()
    await worker?.stop()
    await engine.close()
  }
}
