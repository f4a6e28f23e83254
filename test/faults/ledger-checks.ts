/**
 * Side-effect checks of the process fault scenarios, from the workers' call ledger and the
 * key-honouring effect table (test/crash/worker.ts with `effectsTable`).
 */
import { expect } from 'vitest'
import type { LedgerEntry } from '../crash/worker.js'

/** A window in which a process could not commit: it was dead from `at` on, or paused until `until`. */
export interface Outage {
  pid: number
  at: number
  until?: number
}

/** What {@link checkSideEffects} found. */
export interface SideEffectFigures {
  /** Tool calls made. */
  calls: number
  /** Step instances called. */
  instances: number
  /** Calls that re-ran an instance already called. */
  reruns: number
  /**
   * Re-runs not preceded by a death or pause of the earlier caller: its lease lapsed while it was
   * alive (a starved event loop on a loaded machine, an unreachable database). Allowed
   * (at-least-once, the effect was not repeated), reported.
   */
  unexplained: number
  /** Calls after which the process killed itself (crash between effect and commit). */
  crashes: number
}

/**
 * I3 and "nothing hidden": the effect table holds exactly one effect per step instance (a re-run
 * under another key would add a row); at most one call per key applied it (which one is not told
 * by the ledger's order: a call records its time before its effect, and a paused caller may apply
 * it after the re-run found nothing); every crash between an effect and its commit was followed by
 * a re-run. Re-runs are matched to the outages (deaths, pauses) of the process that called before.
 */
export function checkSideEffects(ledger: readonly LedgerEntry[], effectKeys: readonly string[], outages: readonly Outage[]): SideEffectFigures {
  const byKey = new Map<string, LedgerEntry[]>()
  for (const entry of ledger) {
    if (!byKey.has(entry.key)) byKey.set(entry.key, [])
    byKey.get(entry.key)?.push(entry)
  }
  expect(new Set(effectKeys).size, 'effect rows are unique per key').toBe(effectKeys.length)
  expect([...effectKeys].sort(), 'one effect per called step instance, no other').toEqual([...byKey.keys()].sort())
  const unexplained: string[] = []
  let reruns = 0
  let crashes = 0
  for (const [key, calls] of byKey) {
    expect(calls.filter((c) => c.applied === true).length, `calls of ${key} that applied the effect`).toBeLessThanOrEqual(1)
    for (let i = 1; i < calls.length; i++) {
      reruns += 1
      const previous = calls[i - 1]
      const explained = outages.some((o) => o.pid === previous.pid && o.at >= previous.at - 5 && o.at <= calls[i].at)
      if (!explained) unexplained.push(`${key}: call ${i + 1} at ${calls[i].at} by ${calls[i].pid} after ${previous.pid} at ${previous.at}`)
    }
    for (const [i, call] of calls.entries()) {
      if (call.crash !== true) continue
      crashes += 1
      expect(calls[i + 1], `re-run after the crash of ${call.pid} in ${key}`).toBeDefined()
    }
  }
  if (unexplained.length > 0) console.warn(`re-runs without a death or pause of the earlier caller (its lease lapsed: a stalled process or an unreachable database):\n${unexplained.slice(0, 5).join('\n')}`)
  return { calls: ledger.length, instances: byKey.size, reruns, unexplained: unexplained.length, crashes }
}
