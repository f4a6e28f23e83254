/**
 * @module
 * `stepwise dev [folder]`: runs {@link startDevServer} until Ctrl-C.
 */
import { resolve } from 'node:path'
import type { CliIo } from './cli-io.js'
import { UsageError, type DevFlags } from './parse-command-line.js'
import { startDevServer } from './start-dev-server.js'

/** Parses `--port`: an integer from 0 to 65535 (default 4321). */
export function parsePort(value: string | undefined): number {
  if (value === undefined) return 4321
  const port = Number(value)
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535 (got "${value}").`, 'dev')
  return port
}

/** Serves the folder until interrupted; returns the exit code. */
export async function devCommand(dir: string, flags: DevFlags, io: CliIo): Promise<number> {
  const port = parsePort(flags.port)
  const server = await startDevServer({
    dir: resolve(io.cwd, dir),
    port,
    ...(flags.host === undefined ? {} : { host: flags.host }),
    storage: flags.memory === true ? 'memory' : 'sqlite',
    ...(flags.model === undefined ? {} : { model: flags.model }),
    ...(flags.demo === undefined ? {} : { demo: flags.demo }),
    ...(flags.tools === undefined ? {} : { toolsModule: resolve(io.cwd, flags.tools) }),
    ...(flags.shell === undefined ? {} : { shell: flags.shell }),
    env: io.env,
    log: (line) => io.stdout.write(`${line}\n`),
  })
  await new Promise<void>((done) => {
    const unsubscribe = io.onInterrupt(() => {
      unsubscribe()
      done()
    })
  })
  io.stdout.write('Stopping…\n')
  await server.close()
  return 0
}
