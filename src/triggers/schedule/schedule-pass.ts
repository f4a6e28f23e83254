/**
 * @module
 * One schedule pass for a tenant (`engine.tick()`), pg-boss style:
 *
 * - The ticks of a schedule are the cron occurrences after its `scheduledThrough` (initially its
 *   creation time) up to now. A tick at most `scheduleGraceMs` old is **on time**; older ones were
 *   **missed** (no instance ran) and follow `catchUp`: `skip` (default) records them in the
 *   delivery log as one `no_match` record; `latest` runs the newest missed tick; `all` runs them
 *   oldest first, at most `catchUpLimit` (default 100; older ones are skipped and recorded).
 * - Each tick is claimed through the storage's unique `(triggerId, tick)` record, so any number
 *   of engine instances start exactly one execution per tick (a lost claim is silent). The
 *   execution's idempotency key `schedule:<triggerId>:<tick>` backs this up.
 * - The concurrency cap is checked before the claim: a refused tick stays unclaimed and is
 *   retried by the next pass (while on time; afterwards it is a missed tick). `scheduledThrough`
 *   only advances over ticks that are settled.
 */
import type { TriggerInfo } from '../../engine/records.js'
import { nowIso, triggerStorage, type TriggerContext } from '../context.js'
import { recordDelivery } from '../delivery-log.js'
import { dispatch, type DispatchOutcome } from '../dispatch.js'
import type { TriggerRecordOf } from '../trigger-types.js'
import { parseCron, ticksBetween } from './cron.js'

/** Default of `catchUpLimit`. */
export const DEFAULT_CATCH_UP_LIMIT = 100

/** Ticks whose `concurrency_cap` refusal was already logged by this instance (logged once, retried silently). */
export class RefusalMemo {
  #keys = new Set<string>()

  /** Remembers a key; true when it was new. */
  add(key: string): boolean {
    if (this.#keys.has(key)) return false
    if (this.#keys.size >= 1000) this.#keys.clear()
    this.#keys.add(key)
    return true
  }

  /** Whether the key was remembered. */
  has(key: string): boolean {
    return this.#keys.has(key)
  }
}

const iso = (ms: number): string => new Date(ms).toISOString()

/** Processes the due ticks of every enabled schedule of a tenant; resolves with the ticks dispatched. */
export async function runSchedulePass(ctx: TriggerContext, tenantId: string, refusals: RefusalMemo): Promise<number> {
  const storage = triggerStorage(ctx)
  const triggers = (await storage.listTriggers(tenantId, { type: 'schedule', enabled: true })) as TriggerRecordOf<'schedule'>[]
  let dispatched = 0
  for (const trigger of triggers) {
    if (ctx.core.closed) break
    dispatched += await processSchedule(ctx, tenantId, trigger, refusals).catch(() => 0)
  }
  return dispatched
}

async function processSchedule(ctx: TriggerContext, tenantId: string, trigger: TriggerRecordOf<'schedule'>, refusals: RefusalMemo): Promise<number> {
  const storage = triggerStorage(ctx)
  const now = ctx.core.now()
  const config = trigger.config
  const schedule = parseCron(config.cron, config.timezone ?? 'UTC', trigger.id)
  const { ticks, truncated } = ticksBetween(schedule, Date.parse(trigger.scheduledThrough ?? trigger.createdAt), now)
  if (ticks.length === 0) return 0
  const grace = ctx.options.scheduleGraceMs
  const missed = ticks.filter((t) => now - t > grace)
  const onTime = ticks.filter((t) => now - t <= grace)
  const policy = config.catchUp ?? 'skip'
  const keep = policy === 'all' ? (config.catchUpLimit ?? DEFAULT_CATCH_UP_LIMIT) : policy === 'latest' ? 1 : 0
  const kept = keep === 0 ? [] : missed.slice(-keep)
  const skipped = missed.slice(0, missed.length - kept.length)
  const settled = new Set<number>(skipped)
  if (skipped.length > 0) await recordSkipped(ctx, tenantId, trigger, skipped, truncated, policy)
  let dispatched = 0
  let current = trigger
  let refused = false
  for (const [list, backfilled] of [
    [kept, true],
    [onTime, false],
  ] as const) {
    for (const tick of list) {
      if (refused || ctx.core.closed) break
      const outcome = await dispatchTick(ctx, tenantId, current, tick, backfilled, refusals)
      if (outcome.outcome === 'matched') {
        dispatched++
        if (outcome.executionId !== undefined) current = { ...current, lastExecutionId: outcome.executionId }
      }
      if (outcome.retryable === true) refused = true
      else settled.add(tick)
    }
  }
  let through: number | undefined
  for (const tick of ticks) {
    if (!settled.has(tick)) break
    through = tick
  }
  if (through !== undefined) await storage.recordTriggerRun(tenantId, trigger.id, { scheduledThrough: iso(through) })
  return dispatched
}

/** Records skipped ticks once (the claim of the newest one decides which instance writes it). */
async function recordSkipped(
  ctx: TriggerContext,
  tenantId: string,
  trigger: TriggerRecordOf<'schedule'>,
  skipped: number[],
  truncated: boolean,
  policy: string,
): Promise<void> {
  const newest = iso(skipped[skipped.length - 1])
  if (!(await triggerStorage(ctx).claimScheduleTick(tenantId, trigger.id, newest))) return
  const first = iso(skipped[0])
  const count = `${skipped.length}${truncated ? '+' : ''}`
  await recordDelivery(ctx, tenantId, trigger, {
    outcome: 'no_match',
    reason: `${count} missed tick${skipped.length === 1 ? '' : 's'} skipped (catchUp: ${policy}), ${first} to ${newest}`,
    eventType: 'cron',
    deliveryId: newest,
    tick: newest,
    payload: { skipped: skipped.length, truncated, first, last: newest },
    receivedAt: nowIso(ctx),
  })
}

async function dispatchTick(
  ctx: TriggerContext,
  tenantId: string,
  trigger: TriggerRecordOf<'schedule'>,
  tick: number,
  backfilled: boolean,
  refusals: RefusalMemo,
): Promise<DispatchOutcome> {
  const storage = triggerStorage(ctx)
  const tickIso = iso(tick)
  const info: TriggerInfo = {
    type: 'schedule',
    triggerId: trigger.id,
    name: trigger.name,
    cron: trigger.config.cron,
    timezone: trigger.config.timezone ?? 'UTC',
    tick: tickIso,
    backfilled,
  }
  const memoKey = `${tenantId}\u0000${trigger.id}\u0000${tickIso}`
  const outcome = await dispatch(ctx, {
    tenantId,
    trigger,
    eventType: 'cron',
    info,
    preview: info,
    idempotencyKey: `schedule:${trigger.id}:${tickIso}`,
    deliveryId: tickIso,
    test: false,
    receivedAt: nowIso(ctx),
    tick: tickIso,
    logRefusal: !refusals.has(memoKey),
    claim: {
      claim: () => storage.claimScheduleTick(tenantId, trigger.id, tickIso),
      release: () => storage.releaseScheduleTick(tenantId, trigger.id, tickIso),
    },
  })
  if (outcome.outcome === 'concurrency_cap') refusals.add(memoKey)
  return outcome
}
