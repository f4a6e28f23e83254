/** A command for a {@link ShellAdapter}. */
export interface ShellCommand {
  /** Shell text. Template values are never spliced in: they arrive through `env`. */
  command: string
  /** Working directory. */
  cwd?: string
  /** Extra environment variables (template values as `STEPWISE_TPL_<n>`). */
  env: Record<string, string>
  /** Time limit in ms. */
  timeoutMs: number
  /** Aborts the command (cancel, timeout). */
  signal: AbortSignal
  /** Stable key across retries and resumes. */
  idempotencyKey: string
  /** Maximum characters kept of stdout and of stderr. */
  maxOutputChars: number
}

/** What a {@link ShellAdapter} returns. */
export interface ShellResult {
  /** Exit code (non-zero fails the step). */
  exitCode: number
  /** Standard output (truncated to `maxOutputChars`). */
  stdout: string
  /** Standard error (truncated to `maxOutputChars`). */
  stderr: string
  /** Whether the time limit killed the command. */
  timedOut?: boolean
}

/** Runs `bash` steps. Opt-in: without one, `bash` steps fail with a clear error. */
export interface ShellAdapter {
  /** Runs a command. */
  run(command: ShellCommand): Promise<ShellResult>
}
