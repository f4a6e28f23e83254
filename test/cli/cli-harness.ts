import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { CliIo, CliOutput } from '../../src/cli/cli-io.js'

/** The repository root (the CLI runs there, so sample paths are relative to it). */
export const root = resolve(import.meta.dirname, '../..')

/** What a CLI process printed and how it exited. */
export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs `node --import tsx src/cli/main.ts <args>` in the repository root; `input` is piped to stdin. */
export function runCliProcess(args: readonly string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...options.env }
  delete env.OPENAI_API_KEY
  delete env.FORCE_COLOR
  return new Promise((done, fail) => {
    const child = execFile(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, env, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') fail(error)
      else done({ code: error === null ? 0 : (error.code as number), stdout, stderr })
    })
    child.stdin?.end(options.input ?? '')
  })
}

/** A fake output collecting what is written. */
export function fakeOutput(isTTY = false, columns?: number): CliOutput & { text: string } {
  const output = { text: '', isTTY, columns, write: (text: string) => void (output.text += text) }
  return output
}

/** A fake {@link CliIo}: `lines` are standard input, environment without OPENAI_API_KEY. */
export function fakeIo(options: { lines?: string[]; cwd?: string; env?: Record<string, string> } = {}): CliIo & { stdout: ReturnType<typeof fakeOutput>; stderr: ReturnType<typeof fakeOutput> } {
  const lines = [...(options.lines ?? [])]
  return {
    stdout: fakeOutput(),
    stderr: fakeOutput(),
    stdinIsTTY: false,
    env: { NO_COLOR: '1', ...options.env },
    cwd: options.cwd ?? root,
    readLine: async () => lines.shift(),
    onInterrupt: () => () => undefined,
    close: () => undefined,
  }
}

/** A temporary folder, removed by the returned function. */
export function tempDir(files: Record<string, unknown> = {}): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-cli-'))
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
