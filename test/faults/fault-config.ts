/**
 * Sizes, seeds and fault counters of the fault suite. The short form runs in every `vitest run`;
 * the long form (`npm run test:faults -- --long`, which sets `STEPWISE_FAULTS_LONG=1`) scales every
 * scenario up so the suite injects well over 1,000 faults. `STEPWISE_FAULTS_SEED` replays a run.
 */
import { appendFileSync } from 'node:fs'
import { onTestFailed } from 'vitest'
import { createRng, type Rng } from './rng.js'

export { createRng, type Rng }

/** Whether the long form runs. */
export const LONG = process.env.STEPWISE_FAULTS_LONG === '1'

/** Picks the short- or long-form value. */
export function size<T>(short: T, long: T): T {
  return LONG ? long : short
}

/**
 * The seed of the current test (from `STEPWISE_FAULTS_SEED`, else random), printed when the test
 * fails so the same fault schedule can be replayed. Call it inside the test; a concurrent test
 * passes its context.
 */
export function testSeed(name: string, context?: { onTestFailed: typeof onTestFailed }): Rng {
  const fixed = Number(process.env.STEPWISE_FAULTS_SEED)
  const seed = Number.isInteger(fixed) && process.env.STEPWISE_FAULTS_SEED !== '' ? fixed : Math.floor(Math.random() * 2 ** 31)
  ;(context?.onTestFailed ?? onTestFailed)(() => {
    console.error(`${name}: FAILED with seed ${seed}; replay with STEPWISE_FAULTS_SEED=${seed}${LONG ? ' STEPWISE_FAULTS_LONG=1' : ''}`)
  })
  return createRng(seed)
}

/** What one scenario did: faults injected by kind, and the measured outcome. */
export interface FaultReport {
  /** Scenario name. */
  scenario: string
  /** Faults injected, by kind (kill, crash-after-effect, pause, restart, duplicate…). */
  faults: Record<string, number>
  /** Executions checked. */
  executions: number
  /** Executions neither terminal nor waiting afterwards (always 0 when the test passes). */
  lost: number
  /** Step instances with two committed results (always 0 when the test passes). */
  doubleCommits: number
  /** Longest time from a kill to the re-run of a step it interrupted, when measured. */
  maxOrphanPickupMs?: number
  /** Anything else worth a figure. */
  notes?: string
}

/**
 * Prints a scenario's figures (one `FAULTS {json}` line) and, when `STEPWISE_FAULTS_REPORT`
 * names a file (the `test:faults` script sets it), appends them there for the summary table.
 */
export function reportFaults(report: FaultReport): void {
  const line = JSON.stringify(report)
  console.log(`FAULTS ${line}`)
  const file = process.env.STEPWISE_FAULTS_REPORT
  if (file !== undefined && file !== '') appendFileSync(file, `${line}\n`)
}

/** Resolves after `ms` of real time. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
