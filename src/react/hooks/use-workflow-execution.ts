/**
 * @module
 * `useWorkflowExecution`: one execution, live, over one event subscription.
 */
import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react'
import type { StepwiseClient } from '../../http/index.js'
import { retainExecution, sharedExecutionStore } from '../execution-registry.js'
import type { ExecutionSnapshot, ExecutionStore, ExecutionStoreOptions } from '../execution-store.js'
import { useStepwiseClient } from '../stepwise-provider.js'

/** Which approval to decide, and a comment. Without `stepId`, the only pending approval is decided. */
export interface DecideOptions {
  /** A comment stored with the decision. */
  comment?: string
  /** The approval step, when several approvals wait. */
  stepId?: string
  /** Its iteration path (loop iterations, parallel branches). */
  iterationPath?: string
}

/** What {@link useWorkflowExecution} returns: the live snapshot and the actions. */
export interface WorkflowExecutionState extends ExecutionSnapshot {
  /**
   * Approves. The status shows `running` at once; if the server refuses, it rolls back and
   * `error` holds the reason. Resolves `true` when the server accepted (never rejects).
   */
  approve(options?: DecideOptions): Promise<boolean>
  /** Denies. The status shows `cancelled` at once, with the same rollback as `approve`. */
  deny(options?: DecideOptions): Promise<boolean>
  /** Cancels the execution (`pending` is `cancel` until the server answers). Resolves `true` on success. */
  cancel(reason?: string): Promise<boolean>
}

const IDLE: ExecutionSnapshot = Object.freeze({
  execution: undefined,
  steps: [],
  events: [],
  turns: [],
  approvals: [],
  status: undefined,
  isLoading: false,
  error: undefined,
  pending: undefined,
  lastSeq: 0,
  connection: 'idle',
})
const noSubscription = (): (() => void) => () => undefined
const idleSnapshot = (): ExecutionSnapshot => IDLE

function approvalTarget(snapshot: ExecutionSnapshot, options: DecideOptions): { stepId?: string; iterationPath?: string } {
  if (options.stepId !== undefined) return { stepId: options.stepId, ...(options.iterationPath === undefined ? {} : { iterationPath: options.iterationPath }) }
  const pending = snapshot.approvals.filter((approval) => approval.status === 'pending')
  if (pending.length === 1) return { stepId: pending[0].stepId, iterationPath: pending[0].iterationPath }
  const waiting = snapshot.execution?.waitingFor
  if (pending.length === 0 && waiting?.kind === 'approval') return { stepId: waiting.stepId, iterationPath: waiting.iterationPath }
  return {}
}

function decide(client: StepwiseClient, executionId: string, store: ExecutionStore, approved: boolean, options: DecideOptions): Promise<boolean> {
  const target = approvalTarget(store.getSnapshot(), options)
  const body = { approved, ...target, ...(options.comment === undefined ? {} : { comment: options.comment }) }
  return store.act(approved ? 'approve' : 'deny', approved ? 'running' : 'cancelled', () => client.executions.approve(executionId, body))
}

/**
 * Follows one execution: fetches it and its steps, then applies its events as they stream in
 * (one SSE subscription, replayed from the first event, no polling). Step records, agent turns
 * (streamed text per turn) and approvals stay current; the returned object changes only when
 * something did. Every component following the same execution through the same client shares
 * one store and one subscription (the first caller's options apply); it closes once the last of
 * them unmounts. Pass `undefined` to follow nothing.
 *
 * @example
 * ```tsx
 * const { status, steps, approve } = useWorkflowExecution(executionId)
 * ```
 */
export function useWorkflowExecution(executionId: string | undefined, options: ExecutionStoreOptions = {}): WorkflowExecutionState {
  const client = useStepwiseClient()
  const { maxEvents } = options
  const store = useMemo(
    () => (executionId === undefined ? undefined : sharedExecutionStore(client, executionId, maxEvents === undefined ? {} : { maxEvents })),
    [client, executionId, maxEvents],
  )
  useEffect(() => (store === undefined || executionId === undefined ? undefined : retainExecution(client, executionId, store)), [client, executionId, store])
  const snapshot = useSyncExternalStore(store?.subscribe ?? noSubscription, store?.getSnapshot ?? idleSnapshot, store?.getSnapshot ?? idleSnapshot)

  const approve = useCallback(
    (decision: DecideOptions = {}) => (store === undefined || executionId === undefined ? Promise.resolve(false) : decide(client, executionId, store, true, decision)),
    [client, executionId, store],
  )
  const deny = useCallback(
    (decision: DecideOptions = {}) => (store === undefined || executionId === undefined ? Promise.resolve(false) : decide(client, executionId, store, false, decision)),
    [client, executionId, store],
  )
  const cancel = useCallback(
    (reason?: string) =>
      store === undefined || executionId === undefined
        ? Promise.resolve(false)
        : store.act('cancel', undefined, () => client.executions.cancel(executionId, reason === undefined ? {} : { reason })),
    [client, executionId, store],
  )
  return useMemo(() => ({ ...snapshot, approve, deny, cancel }), [snapshot, approve, deny, cancel])
}
