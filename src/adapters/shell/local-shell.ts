import { spawn } from 'node:child_process'
import type { ShellAdapter, ShellResult } from './shell-adapter.js'

const TRUNCATED = '...[truncated]'

class Collector {
  text = ''
  truncated = false
  constructor(readonly max: number) {}
  push(chunk: Buffer): void {
    if (this.truncated) return
    this.text += chunk.toString('utf8')
    if (this.text.length > this.max) {
      this.text = this.text.slice(0, this.max) + TRUNCATED
      this.truncated = true
    }
  }
}

/** Options of {@link localShell}. */
export interface LocalShellOptions {
  /** Environment every command starts from (default: this process's environment). */
  baseEnv?: Record<string, string | undefined>
  /** Shell binary (default `bash`). */
  shell?: string
  /**
   * Run as a login shell (`bash -lc`, default) so the user's profile sets PATH and tools; pass
   * `false` for `bash -c` when profiles are slow or have side effects (a killed login shell can
   * leave a profile script's lock behind).
   */
  login?: boolean
}

/**
 * Runs `bash` steps on this machine with `bash -lc`. Opt-in (pass it as `createEngine({ shell })`):
 * only enable it for workflows you trust. Template values arrive as environment variables and
 * are never spliced into the command text. The process group is killed on timeout or cancel.
 *
 * @example
 * ```ts
 * const engine = createEngine({ storage: memoryStorage(), shell: localShell() })
 * ```
 */
export function localShell(options: LocalShellOptions = {}): ShellAdapter {
  return {
    run(command): Promise<ShellResult> {
      return new Promise((resolve, reject) => {
        const child = spawn(options.shell ?? 'bash', [options.login === false ? '-c' : '-lc', command.command], {
          cwd: command.cwd,
          env: { ...(options.baseEnv ?? process.env), ...command.env },
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: true,
        })
        const stdout = new Collector(command.maxOutputChars)
        const stderr = new Collector(command.maxOutputChars)
        let timedOut = false
        const kill = (): void => {
          try {
            if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
          } catch {
            child.kill('SIGKILL')
          }
        }
        const timer = setTimeout(() => {
          timedOut = true
          kill()
        }, command.timeoutMs)
        const onAbort = (): void => kill()
        command.signal.addEventListener('abort', onAbort, { once: true })
        child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
        child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
        child.on('error', (error) => {
          clearTimeout(timer)
          command.signal.removeEventListener('abort', onAbort)
          reject(error)
        })
        child.on('close', (code, signal) => {
          clearTimeout(timer)
          command.signal.removeEventListener('abort', onAbort)
          resolve({ exitCode: code ?? (signal === null ? 1 : 128 + 9), stdout: stdout.text, stderr: stderr.text, timedOut })
        })
      })
    },
  }
}
