/** Handle of a timer created by a {@link Clock}. */
export interface ClockTimer {
  /** Cancels the timer. */
  clear(): void
}

/**
 * The engine's source of time. Timers, retries, timeouts, leases and schedules all read it, so
 * a test clock (`createTestClock` from `stepwise/testing`) drives them without real waiting.
 */
export interface Clock {
  /** The current time. */
  now(): Date
  /** Calls `callback` after `ms` of this clock's time. */
  setTimer(callback: () => void, ms: number): ClockTimer
}

/** The real clock: `Date` and `setTimeout` (timers are unref'd so they never keep a process alive). */
export const systemClock: Clock = {
  now: () => new Date(),
  setTimer(callback, ms) {
    const handle = setTimeout(callback, Math.max(0, Math.min(ms, 2_147_483_647)))
    handle.unref?.()
    return { clear: () => clearTimeout(handle) }
  },
}

/** Resolves after `ms` of clock time, or rejects with the signal's reason when it aborts first. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason)
      return
    }
    const onAbort = (): void => {
      timer.clear()
      reject(signal?.reason)
    }
    const timer = clock.setTimer(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
