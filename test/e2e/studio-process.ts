/**
 * @module
 * Starts the studio (`examples/express/server.ts`) as a child process on a free port and keeps
 * its output, for the end-to-end browser test.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const READY = /Studio running at (http:\/\/\S+)/

/** A running studio. */
export interface StudioProcess {
  /** Its address, e.g. `http://localhost:41234`. */
  url: string
  /** Every line it printed so far (stdout and stderr). */
  lines: string[]
  /** Sends SIGTERM and resolves with the exit code (`null` when killed after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<number | null>
}

function exited(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      resolve(null)
    }, timeoutMs)
    child.once('exit', (code) => {
      clearTimeout(timer)
      resolve(code)
    })
  })
}

/** Starts the studio with `env` added to this process's environment; rejects if it is not ready in `timeoutMs`. */
export function startStudio(env: Record<string, string>, timeoutMs = 60_000): Promise<StudioProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/express/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`The studio did not start in ${timeoutMs} ms:\n${lines.join('\n')}`))
    }, timeoutMs)
    let pending = ''
    const read = (chunk: Buffer): void => {
      pending += chunk.toString('utf8')
      const complete = pending.split('\n')
      pending = complete.pop() ?? ''
      for (const line of complete) {
        lines.push(line)
        const ready = READY.exec(line)
        if (ready !== null) {
          clearTimeout(timer)
          resolve({ url: ready[1], lines, stop: (stopMs = 15_000) => (child.kill('SIGTERM'), exited(child, stopMs)) })
        }
      }
    }
    child.stdout?.on('data', read)
    child.stderr?.on('data', read)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`The studio exited with ${code} before it was ready:\n${lines.join('\n')}`))
    })
  })
}
