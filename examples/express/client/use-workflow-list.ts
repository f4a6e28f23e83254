/**
 * @module
 * `useWorkflowList`: the saved workflows for the sidebar, fetched again after a save.
 */
import { useCallback, useEffect, useState } from 'react'
import type { WorkflowRecord } from '../../../src/index.js'
import { useStepwiseClient } from '../../../src/react/index.js'

/** The workflows and how to fetch them again. */
export interface WorkflowList {
  workflows: readonly WorkflowRecord[]
  error: Error | undefined
  refresh(): void
}

/** Lists the saved workflows (`client.workflows.list()`), sorted by name. */
export function useWorkflowList(): WorkflowList {
  const client = useStepwiseClient()
  const [workflows, setWorkflows] = useState<readonly WorkflowRecord[]>([])
  const [error, setError] = useState<Error | undefined>(undefined)
  const [generation, setGeneration] = useState(0)
  useEffect(() => {
    let live = true
    client.workflows.list().then(
      (list) => {
        if (!live) return
        setWorkflows([...list].sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id)))
        setError(undefined)
      },
      (failure: unknown) => {
        if (live) setError(failure instanceof Error ? failure : new Error(String(failure)))
      },
    )
    return () => {
      live = false
    }
  }, [client, generation])
  const refresh = useCallback(() => setGeneration((value) => value + 1), [])
  return { workflows, error, refresh }
}
