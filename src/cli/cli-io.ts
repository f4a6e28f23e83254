/**
 * @module
 * `CliIo`: what the CLI reads and writes (the process's streams and environment), so that
 * commands can run against fakes in tests.
 */
import { createInterface, type Interface } from 'node:readline'

/** An output stream of the CLI. */
export interface CliOutput {
  /** Writes text as is (no newline added). */
  write(text: string): void
  /** Whether it is a terminal (enables the progress line and colours). */
  readonly isTTY: boolean
  /** Terminal width, when known. */
  readonly columns?: number
}

/** The CLI's view of the process. */
export interface CliIo {
  /** Standard output: results and the live tree. */
  stdout: CliOutput
  /** Standard error: errors, hints and usage. */
  stderr: CliOutput
  /** Reads the next line of standard input; `undefined` at the end of input. */
  readLine(): Promise<string | undefined>
  /** Whether standard input is a terminal. */
  readonly stdinIsTTY: boolean
  /** Environment variables. */
  readonly env: Readonly<Record<string, string | undefined>>
  /** Directory relative paths are resolved against. */
  readonly cwd: string
  /** Calls `handler` on Ctrl-C (SIGINT) instead of exiting; returns the unsubscribe function. */
  onInterrupt(handler: () => void): () => void
  /** Releases standard input (call once the command is done). */
  close(): void
}

function outputOf(stream: NodeJS.WriteStream): CliOutput {
  return {
    write: (text) => {
      stream.write(text)
    },
    get isTTY() {
      return stream.isTTY === true
    },
    get columns() {
      return stream.columns
    },
  }
}

/** The real process: `process.stdout`, `process.stderr`, `process.stdin`, `process.env`. */
export function processIo(): CliIo {
  let lines: AsyncIterator<string> | undefined
  let reader: Interface | undefined
  return {
    stdout: outputOf(process.stdout),
    stderr: outputOf(process.stderr),
    stdinIsTTY: process.stdin.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
    async readLine() {
      if (lines === undefined) {
        reader = createInterface({ input: process.stdin, terminal: false })
        lines = reader[Symbol.asyncIterator]()
      }
      const next = await lines.next()
      return next.done === true ? undefined : next.value
    },
    onInterrupt(handler) {
      process.on('SIGINT', handler)
      return () => {
        process.off('SIGINT', handler)
      }
    },
    close() {
      reader?.close()
      process.stdin.unref?.()
    },
  }
}
