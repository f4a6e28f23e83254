import type { Clock, ClockTimer } from '../engine/clock.js'

/** A clock whose time moves only when told to. Pass it as `createEngine({ clock })`. */
export interface TestClock extends Clock {
  /** Moves time forward by `ms`, firing due timers in order. */
  advance(ms: number): void
  /** Jumps to `date` (forward only), firing due timers in order. */
  set(date: Date | string | number): void
  /** Number of timers not yet fired. */
  pendingTimers(): number
}

interface Entry {
  at: number
  order: number
  callback: () => void
  cleared: boolean
}

/**
 * Creates a test clock starting at `start` (default 2026-01-01T00:00:00Z). Timers, retries,
 * timeouts and `wait` steps read it; `engine.tick()` processes what is due at `clock.now()`.
 *
 * @example
 * ```ts
 * const clock = createTestClock('2026-03-01T09:00:00Z')
 * const engine = createEngine({ storage: memoryStorage(), clock })
 * clock.advance(60_000)
 * await engine.tick()
 * ```
 */
export function createTestClock(start: Date | string | number = '2026-01-01T00:00:00.000Z'): TestClock {
  let now = new Date(start).getTime()
  if (Number.isNaN(now)) throw new TypeError(`createTestClock: invalid start ${String(start)}`)
  let order = 0
  const entries: Entry[] = []

  const runUntil = (target: number): void => {
    for (;;) {
      let next: Entry | undefined
      for (const entry of entries) {
        if (entry.cleared || entry.at > target) continue
        if (next === undefined || entry.at < next.at || (entry.at === next.at && entry.order < next.order)) next = entry
      }
      if (next === undefined) break
      entries.splice(entries.indexOf(next), 1)
      now = Math.max(now, next.at)
      next.callback()
    }
    now = Math.max(now, target)
  }

  return {
    now: () => new Date(now),
    setTimer(callback, ms): ClockTimer {
      const entry: Entry = { at: now + Math.max(0, ms), order: order++, callback, cleared: false }
      entries.push(entry)
      return {
        clear() {
          entry.cleared = true
          const index = entries.indexOf(entry)
          if (index >= 0) entries.splice(index, 1)
        },
      }
    },
    advance(ms) {
      runUntil(now + ms)
    },
    set(date) {
      const target = new Date(date).getTime()
      if (Number.isNaN(target)) throw new TypeError(`TestClock.set: invalid date ${String(date)}`)
      runUntil(target)
    },
    pendingTimers: () => entries.filter((e) => !e.cleared).length,
  }
}
