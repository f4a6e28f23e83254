/**
 * @module
 * Manual triggers: a named, reusable way to run a workflow with preset variables. Firing one
 * (`engine.triggers.fire(id, variables)`) is its normal run: the payload's fields become
 * variables (over `config.variables`, under `variableMapping` results) and `_payload`; the run's
 * trigger is `{ type: 'manual', triggerId }`, so failures are not notified.
 */
import { newId } from '../../engine/ids.js'
import { nowIso, type TriggerContext } from '../context.js'
import { dispatch, type DispatchOutcome } from '../dispatch.js'
import type { TriggerRecordOf } from '../trigger-types.js'

/** Runs a manual trigger with `payload`. */
export function fireManual(ctx: TriggerContext, tenantId: string, trigger: TriggerRecordOf<'manual'>, payload: Record<string, unknown>): Promise<DispatchOutcome> {
  const id = newId()
  return dispatch(ctx, {
    tenantId,
    trigger,
    eventType: 'manual',
    payload,
    baseVariables: payload,
    info: { type: 'manual', triggerId: trigger.id, name: trigger.name, runId: id },
    idempotencyKey: `manual-trigger:${trigger.id}:${id}`,
    deliveryId: id,
    test: false,
    receivedAt: nowIso(ctx),
  })
}
