/**
 * @module
 * The `maxConcurrentAgentSteps` limit (default 10): agent steps of one execution beyond it wait
 * for a slot (in start order) instead of calling the model. The wait counts toward the step's
 * timeout and ends on abort.
 */

interface Slots {
  active: number
  waiting: (() => void)[]
}

const executions = new Map<string, Slots>()

/** Waits for a free agent slot of the execution; returns its release function. */
export async function acquireAgentSlot(executionId: string, limit: number, signal: AbortSignal): Promise<() => void> {
  let slots = executions.get(executionId)
  if (slots === undefined) {
    slots = { active: 0, waiting: [] }
    executions.set(executionId, slots)
  }
  const own = slots
  if (own.active >= Math.max(1, limit)) {
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        own.waiting.splice(own.waiting.indexOf(wake), 1)
        reject(signal.reason)
      }
      const wake = (): void => {
        signal.removeEventListener('abort', onAbort)
        resolve()
      }
      if (signal.aborted) {
        reject(signal.reason)
        return
      }
      own.waiting.push(wake)
      signal.addEventListener('abort', onAbort, { once: true })
    })
  } else {
    own.active += 1
  }
  let released = false
  return () => {
    if (released) return
    released = true
    const next = own.waiting.shift()
    if (next !== undefined) next() // the slot passes on: `active` stays the same
    else if (--own.active === 0 && executions.get(executionId) === own) executions.delete(executionId)
  }
}
