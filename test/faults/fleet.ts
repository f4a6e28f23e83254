/**
 * A fleet of crash-test worker processes (test/crash/worker.ts) kept at a fixed size: a worker that
 * dies — killed by the test or by its own crash-after-effect fault — is replaced after a random
 * delay. Records every death so orphan pickup times can be measured from the ledger.
 */
import { spawnWorker, type WorkerProcess } from '../crash/harness.js'
import type { WorkerConfig } from '../crash/worker.js'
import { sleep, type Rng } from './fault-config.js'

/** A worker death: when, which process, and why. */
export interface Death {
  at: number
  pid: number
  cause: 'kill' | 'self'
}

/** Worker processes kept at `size`. */
export interface Fleet {
  /** Live workers. */
  readonly live: readonly WorkerProcess[]
  /** Every death so far. */
  readonly deaths: readonly Death[]
  /** Starts the workers. */
  start(): Promise<void>
  /** Resolves once every slot has a live worker again (replacements take a while on a loaded machine). */
  full(): Promise<void>
  /**
   * SIGKILLs a random live worker for which `eligible` holds (waiting up to 5 s for one, e.g. one
   * inside a tool call); it is replaced after `restartMs`. Resolves once it is dead.
   */
  killRandom(eligible?: (worker: WorkerProcess) => boolean): Promise<Death | undefined>
  /** Sends a signal (SIGSTOP) to a random live worker for which `eligible` holds (waiting up to 5 s for one); it is not replaced. */
  signalRandom(signal: NodeJS.Signals, eligible?: (worker: WorkerProcess) => boolean): Promise<WorkerProcess | undefined>
  /** Stops replacing workers and stops every live one gracefully. */
  stop(): Promise<void>
}

/** Creates a fleet; `config(i)` gives the configuration of the i-th process started. */
export function createFleet(options: { size: number; config: (index: number) => WorkerConfig; rng: Rng; restartMs: [number, number] }): Fleet {
  const live: WorkerProcess[] = []
  const deaths: Death[] = []
  const killing = new Set<number>()
  const respawns = new Set<Promise<void>>()
  let started = 0
  let stopping = false

  const spawn = async (): Promise<void> => {
    const worker = await spawnWorker(options.config(started++))
    live.push(worker)
    void worker.exited.then(() => {
      live.splice(live.indexOf(worker), 1)
      if (stopping) return
      deaths.push({ at: Date.now(), pid: worker.pid, cause: killing.has(worker.pid) ? 'kill' : 'self' })
      const respawn = sleep(options.rng.int(...options.restartMs)).then(async () => {
        if (!stopping) await spawn()
      })
      respawns.add(respawn)
      void respawn.finally(() => respawns.delete(respawn))
    })
  }

  /** A random live worker for which `eligible` holds, waiting up to 5 s for one. */
  const pick = async (eligible: (worker: WorkerProcess) => boolean): Promise<WorkerProcess | undefined> => {
    for (const until = Date.now() + 5_000; Date.now() < until && !stopping; await sleep(10)) {
      const candidates = live.filter((w) => !killing.has(w.pid) && w.child.signalCode === null && eligible(w))
      if (candidates.length > 0) return options.rng.pick(candidates)
    }
    return undefined
  }

  return {
    live,
    deaths,
    async start() {
      await Promise.all(Array.from({ length: options.size }, () => spawn()))
    },
    async full() {
      while (!stopping && live.length < options.size) await sleep(50)
    },
    async killRandom(eligible = () => true) {
      const victim = await pick(eligible)
      if (victim === undefined) return undefined
      killing.add(victim.pid)
      victim.child.kill('SIGKILL')
      await victim.exited
      return deaths.find((d) => d.pid === victim.pid)
    },
    async signalRandom(signal, eligible = () => true) {
      const target = await pick(eligible)
      target?.child.kill(signal)
      return target
    },
    async stop() {
      stopping = true
      await Promise.all([...respawns])
      await Promise.all(
        live.map(async (worker) => {
          worker.child.kill('SIGCONT')
          worker.child.kill('SIGTERM')
          // A worker that does not stop within 10 s (stuck) is killed; the test's checks tell why.
          const timer = setTimeout(() => worker.child.kill('SIGKILL'), 10_000)
          await worker.exited
          clearTimeout(timer)
        }),
      )
    },
  }
}
