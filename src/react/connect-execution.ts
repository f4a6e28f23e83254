/**
 * @module
 * Feeds an {@link ExecutionStore} from a client: one event subscription (replayed from the first
 * event, so finished agent turns and superseded attempts show too) and, alongside it, one fetch
 * of the execution and its steps. No polling.
 */
import type { StepwiseClient } from '../http/index.js'
import type { ExecutionStore } from './execution-store.js'

/**
 * Connects `store` to the execution `executionId` through `client` and returns the function
 * that disconnects it (stops the subscription; a fetch still in flight is ignored).
 */
export function connectExecution(client: StepwiseClient, executionId: string, store: ExecutionStore): () => void {
  const controller = new AbortController()
  const { signal } = controller
  store.setConnection('connecting')
  const unsubscribe = client.executions.subscribe(executionId, {
    afterSeq: 0,
    signal,
    onEvent: (event) => store.apply(event),
    // After a disconnect (React StrictMode runs effects twice), the old subscription's late
    // callbacks must not overwrite the state of the new one.
    onOpen: () => {
      if (!signal.aborted) store.setConnection('open')
    },
    onError: (error, willRetry) => {
      if (signal.aborted) return
      if (willRetry) store.setConnection('reconnecting')
      else store.fail(error)
    },
    onClose: () => {
      if (!signal.aborted) store.setConnection('closed')
    },
  })
  Promise.all([client.executions.get(executionId), client.executions.steps(executionId)]).then(
    ([execution, steps]) => {
      if (!signal.aborted) store.load(execution, steps)
    },
    (error: unknown) => {
      if (!signal.aborted) store.fail(error)
    },
  )
  return () => {
    controller.abort()
    unsubscribe()
  }
}
