/**
 * A private PostgreSQL cluster for the restart scenario (scripts/pg-test-cluster.sh), so restarting
 * it never disturbs the shared test cluster other test files use at the same time.
 */
import { execFile } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
const SCRIPT = fileURLToPath(new URL('../../scripts/pg-test-cluster.sh', import.meta.url))

/** A throwaway cluster that can be stopped and started again. */
export interface PrivateCluster {
  url: string
  /** Stops the server (`fast`: clean shutdown; `immediate`: like a crash, recovery on the next start). */
  stop(mode: 'fast' | 'immediate'): Promise<void>
  /** Starts it again on the same port. */
  start(): Promise<void>
  /** Stops it and deletes its directory. */
  dispose(): Promise<void>
}

/** The directory of PostgreSQL's programs, if installed here (the same search as the script). */
function binDir(): string | undefined {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return undefined
  const versions = readdirSync(root).sort((a, b) => Number(a) - Number(b))
  const bin = versions.map((v) => `${root}/${v}/bin`).filter((dir) => existsSync(`${dir}/pg_ctl`)).at(-1)
  return bin
}

/** Starts a private cluster, or resolves `undefined` when PostgreSQL is not installed locally. */
export async function startPrivateCluster(): Promise<PrivateCluster | undefined> {
  const bin = binDir()
  if (bin === undefined) return undefined
  const { stdout } = await run(SCRIPT, ['start'], { env: { ...process.env, TMPDIR: process.env.TMPDIR ?? '/tmp' } })
  const value = (name: string): string => {
    const match = new RegExp(`export ${name}='([^']*)'`).exec(stdout)
    if (match === null) throw new Error(`pg-test-cluster.sh printed no ${name}:\n${stdout}`)
    return match[1]
  }
  const dir = value('STEPWISE_PG_DIR')
  const url = value('STEPWISE_PG_URL')
  const port = new URL(url).port
  // The same server options as the script's start, as the cluster's owner.
  const pgCtl = (...args: string[]): Promise<unknown> =>
    process.getuid?.() === 0 ? run('runuser', ['-u', 'postgres', '--', `${bin}/pg_ctl`, ...args]) : run(`${bin}/pg_ctl`, args)
  return {
    url,
    stop: async (mode) => {
      await pgCtl('-D', `${dir}/data`, '-m', mode, '-w', 'stop')
    },
    start: async () => {
      await pgCtl('-D', `${dir}/data`, '-l', `${dir}/server.log`, '-w', '-o', `-k ${dir} -c listen_addresses=127.0.0.1 -p ${port} -c max_connections=300`, 'start')
    },
    dispose: async () => {
      await run(SCRIPT, ['stop', dir])
    },
  }
}
