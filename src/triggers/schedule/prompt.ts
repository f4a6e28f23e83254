/**
 * @module
 * Schedules with `config.target.prompt`: the host's `onSchedulePrompt` receives the prompt with
 * a date prefix instead of a workflow starting. The tick is claimed **before** the call (the host
 * callback has no dedup) and released when the call throws, so the next `tick()` retries it.
 */
import { StepwiseError } from '../../errors/stepwise-error.js'
import type { SchedulePromptMeta } from '../api-types.js'
import { nowIso, triggerStorage, type TriggerContext } from '../context.js'
import type { DispatchInput, DispatchLog, DispatchOutcome } from '../dispatch.js'
import type { TriggerRecordOf } from '../trigger-types.js'
import { longDate } from './cron.js'

/** `[Today is Monday, March 9, 2026]\n\n<prompt>`. */
export function promptWithDate(prompt: string, instant: number, timezone: string): string {
  return `[Today is ${longDate(instant, timezone)}]\n\n${prompt}`
}

/** Delivers a prompt schedule's tick (or test fire) to the host. */
export async function dispatchPrompt(ctx: TriggerContext, input: DispatchInput, trigger: TriggerRecordOf<'schedule'>, log: DispatchLog): Promise<DispatchOutcome> {
  const target = trigger.config.target as { prompt: string }
  const handler = ctx.options.onSchedulePrompt
  const claim = input.claim
  if (claim !== undefined && !(await claim.claim())) return { outcome: 'duplicate', claimedElsewhere: true }
  if (handler === undefined) {
    const reason = 'no onSchedulePrompt handler: pass createEngine({ onSchedulePrompt })'
    await log({ outcome: 'error', reason })
    return { outcome: 'error', reason }
  }
  const timezone = trigger.config.timezone ?? 'UTC'
  const tick = input.tick ?? input.receivedAt
  const meta: SchedulePromptMeta = {
    tenantId: input.tenantId,
    triggerId: trigger.id,
    triggerName: trigger.name,
    tick,
    timezone,
    backfilled: input.info.backfilled === true,
    test: input.test,
    idempotencyKey: input.idempotencyKey,
  }
  try {
    await handler(promptWithDate(target.prompt, Date.parse(tick), timezone), meta)
  } catch (error) {
    const failure = StepwiseError.from(error)
    // Released: the tick is retried on the next tick() (while on time). If the release fails
    // the tick stays burned, which loses a run rather than running it twice.
    if (claim !== undefined) await claim.release().catch(() => undefined)
    await log({ outcome: 'error', reason: `onSchedulePrompt failed: ${failure.message}` })
    return { outcome: 'error', reason: failure.message, error: failure, retryable: claim !== undefined }
  }
  if (!input.test) await triggerStorage(ctx).recordTriggerRun(input.tenantId, trigger.id, { lastRunAt: nowIso(ctx) }).catch(() => undefined)
  await log({ outcome: 'matched' })
  return { outcome: 'matched' }
}
