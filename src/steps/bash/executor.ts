import { StepwiseError } from '../../errors/stepwise-error.js'
import { toShellEnvCommand } from '../../language/expressions/index.js'
import type { StepContext, StepOutcome } from '../../engine/step-type.js'
import { toText } from '../../engine/step-context.js'
import type { BashStep } from './schema.js'

/** Default and maximum time of a bash step. */
export const BASH_DEFAULT_TIMEOUT_MS = 120_000
/** Maximum time of a bash step. */
export const BASH_MAX_TIMEOUT_MS = 600_000
/** Characters kept of stdout and of stderr. */
export const BASH_MAX_OUTPUT_CHARS = 64_000

/** Resolved input of a bash step: the command text with `$STEPWISE_TPL_n` references and their values. */
export interface BashInput {
  /** Command with template references replaced by quoted environment variables. */
  command: string
  /** Working directory. */
  cwd?: string
  /** Environment: template values and the step's `env`. */
  env: Record<string, string>
  /** Time limit. */
  timeoutMs: number
}

/** Rewrites templates into environment variables and evaluates their values. */
export async function prepareBash(context: StepContext<BashStep>): Promise<BashInput> {
  const { command, bindings } = toShellEnvCommand(context.step.command)
  const env: Record<string, string> = {}
  for (const [name, template] of Object.entries(context.step.env ?? {})) env[name] = await context.renderText(template, `/env/${name}`)
  for (const binding of bindings) {
    const value = await context.resolveValue(`{{${binding.expression}}}`, '/command')
    env[binding.name] = toText(value)
  }
  const input: BashInput = { command, env, timeoutMs: Math.min(context.step.timeoutMs ?? BASH_DEFAULT_TIMEOUT_MS, BASH_MAX_TIMEOUT_MS) }
  if (context.step.cwd !== undefined) input.cwd = await context.renderText(context.step.cwd, '/cwd')
  return input
}

/** Runs the command through the host's shell adapter. */
export async function executeBash(context: StepContext<BashStep>, input: BashInput): Promise<StepOutcome> {
  const shell = context.services.shell
  if (shell === undefined) {
    return { status: 'failed', error: new StepwiseError('BASH_FAILED', 'bash steps need a shell adapter: createEngine({ shell: localShell() }).', { retryable: false }) }
  }
  const started = context.services.clock.now().getTime()
  const command: Parameters<typeof shell.run>[0] = {
    command: input.command,
    env: input.env,
    timeoutMs: input.timeoutMs,
    signal: context.signal,
    idempotencyKey: context.idempotencyKey,
    maxOutputChars: BASH_MAX_OUTPUT_CHARS,
  }
  if (input.cwd !== undefined) command.cwd = input.cwd
  const result = await shell.run(command)
  const output = { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr, durationMs: context.services.clock.now().getTime() - started }
  if (result.timedOut === true) {
    return { status: 'failed', error: new StepwiseError('STEP_TIMEOUT', `bash timed out after ${input.timeoutMs} ms.`, { details: { timeoutMs: input.timeoutMs } }), output }
  }
  if (result.exitCode !== 0) {
    return { status: 'failed', error: new StepwiseError('BASH_FAILED', `bash exited with code ${result.exitCode}.`, { details: { exitCode: result.exitCode } }), output }
  }
  return { status: 'completed', output }
}
