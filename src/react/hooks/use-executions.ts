/**
 * @module
 * `useExecutions`: a list of executions, fetched on demand.
 */
import type { Execution, ExecutionFilter } from '../../index.js'
import { useStepwiseClient } from '../stepwise-provider.js'
import { useResource, type ResourceOptions } from './use-resource.js'

/** What {@link useExecutions} returns. */
export interface ExecutionsState {
  /** The executions, newest first (empty until fetched). */
  executions: readonly Execution[]
  /** True while the first fetch runs. */
  isLoading: boolean
  /** The error of the last fetch. */
  error: Error | undefined
  /** Fetches the list again (after starting or deciding something). */
  refresh(): Promise<void>
}

const NONE: readonly Execution[] = Object.freeze([])

/**
 * Lists executions (`client.executions.list(filter)`), newest first. The list does not follow
 * events by itself: call `refresh()` when you changed something, or pass `refreshIntervalMs` to
 * fetch it again periodically. A new `filter` with the same content does not fetch again.
 *
 * @example
 * ```tsx
 * const { executions, refresh } = useExecutions({ status: 'waiting', limit: 20 })
 * ```
 */
export function useExecutions(filter: ExecutionFilter = {}, options: ResourceOptions = {}): ExecutionsState {
  const client = useStepwiseClient()
  const { data, isLoading, error, refresh } = useResource(`executions:${JSON.stringify(filter)}`, () => client.executions.list(filter), options)
  return { executions: data ?? NONE, isLoading, error, refresh }
}
