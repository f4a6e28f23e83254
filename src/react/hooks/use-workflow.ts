/**
 * @module
 * `useWorkflow`: one saved workflow with its current definition.
 */
import type { SavedWorkflow } from '../../index.js'
import { useStepwiseClient } from '../stepwise-provider.js'
import { useResource, type ResourceOptions } from './use-resource.js'

/** What {@link useWorkflow} returns. */
export interface WorkflowState {
  /** The workflow (record and normalised definition), once fetched. */
  workflow: SavedWorkflow | undefined
  /** True while the first fetch runs. */
  isLoading: boolean
  /** The error of the last fetch (`NOT_FOUND` for an unknown id). */
  error: Error | undefined
  /** Fetches it again. */
  refresh(): Promise<void>
}

/**
 * Reads a saved workflow (`client.workflows.get(id)`); `undefined` reads nothing. Use its
 * `definition` for step names and the step count of {@link WorkflowContextBar}.
 *
 * @example
 * ```tsx
 * const { workflow } = useWorkflow(execution?.workflowId)
 * ```
 */
export function useWorkflow(workflowId: string | undefined, options: ResourceOptions = {}): WorkflowState {
  const client = useStepwiseClient()
  const { data, isLoading, error, refresh } = useResource(workflowId === undefined ? undefined : `workflow:${workflowId}`, () => client.workflows.get(workflowId as string), options)
  return { workflow: data, isLoading, error, refresh }
}
