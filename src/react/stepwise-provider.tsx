/**
 * @module
 * `StepwiseProvider`: makes a `stepwise/http` client available to the hooks below it.
 */
import { createContext, useContext, type ReactNode } from 'react'
import { StepwiseError } from '../errors/stepwise-error.js'
import type { StepwiseClient } from '../http/index.js'

const ClientContext = createContext<StepwiseClient | undefined>(undefined)

/** Props of {@link StepwiseProvider}. */
export interface StepwiseProviderProps {
  /** The client the hooks call: `createClient({ baseUrl })` from `stepwise/http`. */
  client: StepwiseClient
  /** The part of the app that uses the hooks. */
  children?: ReactNode
}

/**
 * Provides the client to `useWorkflowExecution`, `useExecutions`, `useWorkflow` and the other
 * hooks. Create the client once (outside the component, or in `useMemo`), not on every render.
 */
export function StepwiseProvider({ client, children }: StepwiseProviderProps): ReactNode {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>
}

/** The client of the nearest {@link StepwiseProvider}; throws `CONFIGURATION_INVALID` when there is none. */
export function useStepwiseClient(): StepwiseClient {
  const client = useContext(ClientContext)
  if (client === undefined) throw new StepwiseError('CONFIGURATION_INVALID', 'stepwise/react: wrap your components in <StepwiseProvider client={createClient({ baseUrl })}>.')
  return client
}
