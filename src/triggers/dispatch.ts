/**
 * @module
 * The one dispatcher every trigger type (and `fire()`) goes through. Order: workflow exists →
 * variables → overlap (schedules) → concurrency cap (before any claim, so a refused tick stays
 * retryable) → tick claim (schedules) → idempotent start → bookkeeping → delivery log.
 */
import { startExecutionWithResult } from '../engine/executions-api.js'
import { TERMINAL_EXECUTION_STATUSES, type ExecutionStatus, type TriggerInfo } from '../engine/records.js'
import { StepwiseError } from '../errors/stepwise-error.js'
import type { FireResult } from './api-types.js'
import { nowIso, triggerStorage, type TriggerCapableStorage, type TriggerContext } from './context.js'
import { recordDelivery, type DeliveryDraft } from './delivery-log.js'
import { dispatchPrompt } from './schedule/prompt.js'
import type { TriggerRecord } from './trigger-types.js'
import { mapVariables } from './variables.js'

const ACTIVE: readonly ExecutionStatus[] = ['pending', 'running', 'waiting']

/** Claim of a schedule tick, taken only once the dispatch is sure to settle the tick. */
export interface TickClaim {
  /** True when this caller won the tick. */
  claim(): Promise<boolean>
  /** Gives the tick back (a retryable failure after the claim). */
  release(): Promise<void>
}

/** One evaluation to dispatch. */
export interface DispatchInput {
  /** Tenant. */
  tenantId: string
  /** The trigger. */
  trigger: TriggerRecord
  /** Delivery log `eventType`. */
  eventType: string
  /** `_payload` (absent for schedules). */
  payload?: Record<string, unknown>
  /** What the log previews (default: `payload`). */
  preview?: unknown
  /** `_trigger` and `Execution.trigger`. */
  info: TriggerInfo
  /** Variables below the mapping (manual fires: the payload's fields). */
  baseVariables?: Record<string, unknown>
  /** Start idempotency key (per workflow). */
  idempotencyKey: string
  /** Delivery id of the log record. */
  deliveryId?: string
  /** Test fire. */
  test: boolean
  /** ISO time the evaluation started. */
  receivedAt: string
  /** Schedules: the ISO tick. */
  tick?: string
  /** Schedules: the tick claim. */
  claim?: TickClaim
  /** Record a `concurrency_cap` refusal in the log (default true). */
  logRefusal?: boolean
}

/** Result of a dispatch. */
export interface DispatchOutcome extends FireResult {
  /** The tick claim was lost to another caller: nothing was done or logged. */
  claimedElsewhere?: boolean
  /** The evaluation may be retried (refused by the cap, or failed retryably after releasing its claim). */
  retryable?: boolean
  /** The error of an `error` outcome. */
  error?: StepwiseError
}

/** Records the outcome of the evaluation being dispatched (the input fills in the rest). */
export type DispatchLog = (draft: Pick<DeliveryDraft, 'outcome' | 'reason' | 'executionId'>) => Promise<unknown>

/** Dispatches one evaluation; never throws (failures are `error` outcomes). */
export async function dispatch(ctx: TriggerContext, input: DispatchInput): Promise<DispatchOutcome> {
  const log: DispatchLog = (draft) =>
    recordDelivery(ctx, input.tenantId, input.trigger, {
      ...draft,
      eventType: input.eventType,
      receivedAt: input.receivedAt,
      payload: input.preview ?? input.payload,
      test: input.test,
      ...(input.tick === undefined ? {} : { tick: input.tick }),
      ...(input.deliveryId === undefined ? {} : { deliveryId: input.deliveryId }),
    })
  // A final outcome burns a schedule tick first, so exactly one instance records it.
  const settle = async (outcome: 'no_match' | 'workflow_missing' | 'error', reason: string, error?: StepwiseError): Promise<DispatchOutcome> => {
    if (input.claim !== undefined && !(await input.claim.claim())) return { outcome: 'duplicate', claimedElsewhere: true }
    await log({ outcome, reason })
    return error === undefined ? { outcome, reason } : { outcome, reason, error }
  }
  try {
    const storage = triggerStorage(ctx)
    const trigger = input.trigger
    if (trigger.type === 'schedule' && trigger.config.target !== undefined) return await dispatchPrompt(ctx, input, trigger, log)
    const workflowId = trigger.workflowId
    if (workflowId === undefined || (await storage.getWorkflow(input.tenantId, workflowId)) === undefined) {
      return await settle('workflow_missing', `workflow "${workflowId ?? ''}" not found`)
    }
    let variables: Record<string, unknown>
    try {
      variables = await buildVariables(ctx, input)
    } catch (error) {
      const failure = StepwiseError.from(error)
      return await settle('error', `variableMapping failed: ${failure.message}`, failure)
    }
    if (trigger.type === 'schedule' && trigger.config.overlap === 'skip' && trigger.lastExecutionId !== undefined) {
      const last = await storage.getExecution(input.tenantId, trigger.lastExecutionId)
      if (last !== undefined && !TERMINAL_EXECUTION_STATUSES.has(last.status)) {
        return await settle('no_match', `previous run ${last.id} is still ${last.status} (overlap: skip)`)
      }
    }
    const refused = await checkCap(storage, input, workflowId)
    if (refused !== undefined) {
      if (refused.outcome === 'duplicate') await log({ outcome: 'duplicate', reason: 'delivery already dispatched', executionId: refused.executionId as string })
      else if (input.logRefusal !== false) await log({ outcome: 'concurrency_cap', reason: refused.reason as string })
      return refused
    }
    if (input.claim !== undefined && !(await input.claim.claim())) return { outcome: 'duplicate', claimedElsewhere: true }
    let started: Awaited<ReturnType<typeof startExecutionWithResult>>
    try {
      started = await startExecutionWithResult(ctx.core, input.tenantId, workflowId, { variables, idempotencyKey: input.idempotencyKey, trigger: input.info })
    } catch (error) {
      const failure = StepwiseError.from(error)
      if (input.claim !== undefined && failure.retryable) await input.claim.release().catch(() => undefined)
      await log({ outcome: 'error', reason: `${failure.code}: ${failure.message}` })
      return { outcome: 'error', reason: failure.message, error: failure, retryable: input.claim !== undefined && failure.retryable }
    }
    const executionId = started.execution.id
    if (!started.created) {
      await log({ outcome: 'duplicate', reason: 'delivery already dispatched', executionId })
      return { outcome: 'duplicate', executionId }
    }
    if (!input.test) await storage.recordTriggerRun(input.tenantId, trigger.id, { lastRunAt: nowIso(ctx), lastExecutionId: executionId }).catch(() => undefined)
    await log({ outcome: 'matched', executionId })
    return { outcome: 'matched', executionId }
  } catch (error) {
    const failure = StepwiseError.from(error)
    await log({ outcome: 'error', reason: `${failure.code}: ${failure.message}` })
    return { outcome: 'error', reason: failure.message, error: failure }
  }
}

async function buildVariables(ctx: TriggerContext, input: DispatchInput): Promise<Record<string, unknown>> {
  const config = input.trigger.config
  const variables: Record<string, unknown> = { ...(config.variables ?? {}), ...(input.baseVariables ?? {}) }
  if (input.payload !== undefined && 'variableMapping' in config) Object.assign(variables, await mapVariables(ctx, config.variableMapping, input.payload))
  variables._trigger = input.info
  if (input.payload !== undefined) variables._payload = input.payload
  else delete variables._payload
  return variables
}

/**
 * The concurrency cap: `undefined` when the workflow may start; a `duplicate` when this very
 * delivery already started one (so a redelivery is never refused); else `concurrency_cap`.
 */
async function checkCap(storage: TriggerCapableStorage, input: DispatchInput, workflowId: string): Promise<DispatchOutcome | undefined> {
  const cap = input.trigger.config.maxConcurrent
  if (cap === undefined) return undefined
  const active = await storage.listExecutions(input.tenantId, { workflowId, status: ACTIVE, limit: Math.min(cap, 500) })
  if (active.length < cap) return undefined
  const mine = active.find((e) => e.idempotencyKey === input.idempotencyKey)
  if (mine !== undefined) return { outcome: 'duplicate', executionId: mine.id }
  if (input.deliveryId !== undefined && input.claim === undefined) {
    const earlier = await storage.listDeliveries(input.tenantId, input.trigger.id, { deliveryId: input.deliveryId, limit: 200 })
    const matched = earlier.deliveries.find((d) => d.outcome === 'matched' && d.executionId !== undefined && d.test !== true)
    if (matched !== undefined && !input.test) return { outcome: 'duplicate', executionId: matched.executionId as string }
  }
  return { outcome: 'concurrency_cap', reason: `workflow "${workflowId}" has ${active.length} active executions (maxConcurrent ${cap})`, retryable: true }
}
