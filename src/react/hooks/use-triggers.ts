/**
 * @module
 * `useTriggers` and `useTriggerDeliveries`: triggers and their delivery log, fetched on demand.
 */
import type { DeliveryListOptions, TriggerDelivery, TriggerFilter, TriggerRecord } from '../../index.js'
import { useStepwiseClient } from '../stepwise-provider.js'
import { useResource, type ResourceOptions } from './use-resource.js'

/** What {@link useTriggers} returns. */
export interface TriggersState {
  /** The triggers (empty until fetched). */
  triggers: readonly TriggerRecord[]
  /** True while the first fetch runs. */
  isLoading: boolean
  /** The error of the last fetch. */
  error: Error | undefined
  /** Fetches again. */
  refresh(): Promise<void>
}

/** What {@link useTriggerDeliveries} returns. */
export interface TriggerDeliveriesState {
  /** One page of the delivery log, newest first (empty until fetched). */
  deliveries: readonly TriggerDelivery[]
  /** True when older records exist (pass the last `id` as `before`). */
  hasMore: boolean
  /** True while the first fetch runs. */
  isLoading: boolean
  /** The error of the last fetch. */
  error: Error | undefined
  /** Fetches again. */
  refresh(): Promise<void>
}

const NO_TRIGGERS: readonly TriggerRecord[] = Object.freeze([])
const NO_DELIVERIES: readonly TriggerDelivery[] = Object.freeze([])

/**
 * Lists triggers (`client.triggers.list(filter)`), for {@link TriggerCard}s.
 *
 * @example
 * ```tsx
 * const { triggers } = useTriggers({ workflowId: 'triage' })
 * ```
 */
export function useTriggers(filter: TriggerFilter = {}, options: ResourceOptions = {}): TriggersState {
  const client = useStepwiseClient()
  const { data, isLoading, error, refresh } = useResource(`triggers:${JSON.stringify(filter)}`, () => client.triggers.list(filter), options)
  return { triggers: data ?? NO_TRIGGERS, isLoading, error, refresh }
}

/**
 * One page of a trigger's delivery log (`client.triggers.deliveries(id, page)`), for
 * {@link DeliveryLog}; `undefined` reads nothing.
 *
 * @example
 * ```tsx
 * const { deliveries, hasMore } = useTriggerDeliveries(trigger.id, { limit: 20 })
 * ```
 */
export function useTriggerDeliveries(triggerId: string | undefined, page: DeliveryListOptions = {}, options: ResourceOptions = {}): TriggerDeliveriesState {
  const client = useStepwiseClient()
  const key = triggerId === undefined ? undefined : `deliveries:${triggerId}:${JSON.stringify(page)}`
  const { data, isLoading, error, refresh } = useResource(key, () => client.triggers.deliveries(triggerId as string, page), options)
  return { deliveries: data?.deliveries ?? NO_DELIVERIES, hasMore: data?.hasMore ?? false, isLoading, error, refresh }
}
