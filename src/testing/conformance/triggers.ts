import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { TriggerStorageV1 } from '../../adapters/storage/trigger-storage.js'
import type { TriggerDelivery, TriggerRecord } from '../../triggers/trigger-types.js'
import { T0, TENANT_A, TENANT_B, expectStepwiseError, isoAt, uniqueId } from '../conformance-fixtures.js'

/** Options of {@link describeTriggerStorageConformance}. */
export interface TriggerStorageConformanceOptions {
  /** Name shown in the suite title. */
  name: string
  /** Creates a fresh, empty adapter. Called before every case. */
  create(): Promise<TriggerStorageV1> | TriggerStorageV1
  /** Creates a second client on the SAME data as `first` (another connection); default: `first` itself. */
  createSecond?(first: TriggerStorageV1): Promise<TriggerStorageV1> | TriggerStorageV1
  /** Releases an adapter after a case (called for the second client too). */
  destroy?(adapter: TriggerStorageV1): Promise<void> | void
}

function makeTrigger(overrides: Partial<TriggerRecord> = {}): TriggerRecord {
  return {
    id: uniqueId('trg'),
    name: uniqueId('Trigger'),
    type: 'schedule',
    workflowId: 'wf-a',
    enabled: true,
    config: { cron: '0 * * * *', timezone: 'UTC' },
    createdAt: isoAt(),
    updatedAt: isoAt(),
    scheduledThrough: isoAt(),
    ...overrides,
  } as TriggerRecord
}

function webhook(path: string, overrides: Partial<TriggerRecord> = {}): TriggerRecord {
  return makeTrigger({ type: 'webhook', config: { path }, webhookPath: path, scheduledThrough: undefined, ...overrides } as Partial<TriggerRecord>)
}

function makeDelivery(triggerId: string, offsetMs: number, overrides: Partial<TriggerDelivery> = {}): TriggerDelivery {
  return {
    id: uniqueId('dlv'),
    triggerId,
    triggerType: 'webhook',
    outcome: 'matched',
    eventType: 'hooks/a',
    receivedAt: isoAt(offsetMs),
    recordedAt: isoAt(offsetMs + 1),
    ...overrides,
  }
}

/**
 * Registers the trigger storage conformance suite (vitest) for an adapter implementing
 * {@link TriggerStorageV1}: upsert by name keeping `id` and `createdAt`, unique webhook paths,
 * filters, monotonic run bookkeeping, exactly-once tick claims under concurrency (10 claimers,
 * two clients), the paged delivery log, and tenant scoping of every method.
 *
 * @example
 * ```ts
 * import { memoryStorage } from 'stepwise'
 * import { describeTriggerStorageConformance } from 'stepwise/testing'
 * describeTriggerStorageConformance({ name: 'memory', create: () => memoryStorage() })
 * ```
 */
export function describeTriggerStorageConformance(options: TriggerStorageConformanceOptions): void {
  let first: TriggerStorageV1 | undefined
  let second: TriggerStorageV1 | undefined
  const s = (): TriggerStorageV1 => {
    if (first === undefined) throw new Error('trigger storage conformance: adapter not created yet')
    return first
  }
  const s2 = (): TriggerStorageV1 => second ?? s()

  describe(`trigger storage conformance: ${options.name}`, () => {
    beforeEach(async () => {
      first = await options.create()
      second = options.createSecond === undefined ? first : await options.createSecond(first)
    })
    afterEach(async () => {
      const adapters = [second, first].filter((a, i, all): a is TriggerStorageV1 => a !== undefined && all.indexOf(a) === i)
      first = undefined
      second = undefined
      for (const adapter of adapters) await options.destroy?.(adapter)
    })

    it('inserts, reads and lists triggers by name', async () => {
      const b = makeTrigger({ name: 'beta' })
      const a = makeTrigger({ name: 'Alpha', type: 'event', config: { event: 'x' }, scheduledThrough: undefined } as Partial<TriggerRecord>)
      expect(await s().saveTrigger(TENANT_A, b)).toEqual({ trigger: b, created: true })
      await s().saveTrigger(TENANT_A, a)
      expect(await s2().getTrigger(TENANT_A, b.id)).toEqual(b)
      expect((await s().listTriggers(TENANT_A)).map((t) => t.name)).toEqual(['Alpha', 'beta'])
      expect((await s().listTriggers(TENANT_A, { type: 'event' })).map((t) => t.id)).toEqual([a.id])
      expect(await s().getTrigger(TENANT_A, 'missing')).toBeUndefined()
    })

    it('upserts by name case-insensitively, keeping id, createdAt and bookkeeping', async () => {
      const original = makeTrigger({ name: 'Nightly Report' })
      await s().saveTrigger(TENANT_A, original)
      await s().recordTriggerRun(TENANT_A, original.id, { lastRunAt: isoAt(10), lastExecutionId: 'exec-1', scheduledThrough: isoAt(10) })
      const again = makeTrigger({ name: 'NIGHTLY report', config: { cron: '5 * * * *' }, enabled: false, createdAt: isoAt(99), updatedAt: isoAt(99), scheduledThrough: isoAt(99) })
      const result = await s2().saveTrigger(TENANT_A, again)
      expect(result.created).toBe(false)
      expect(result.previous).toMatchObject({ id: original.id, name: 'Nightly Report', lastRunAt: isoAt(10) })
      expect(result.trigger).toMatchObject({
        id: original.id,
        name: 'NIGHTLY report',
        createdAt: isoAt(),
        updatedAt: isoAt(99),
        enabled: false,
        config: { cron: '5 * * * *' },
        lastRunAt: isoAt(10),
        lastExecutionId: 'exec-1',
        scheduledThrough: isoAt(10),
      })
      expect(await s().listTriggers(TENANT_A)).toHaveLength(1)
      expect(await s().getTrigger(TENANT_A, again.id)).toBeUndefined()
    })

    it('keeps webhook paths unique per tenant', async () => {
      const owner = webhook('hooks/a', { name: 'owner' })
      await s().saveTrigger(TENANT_A, owner)
      const error = await expectStepwiseError(s2().saveTrigger(TENANT_A, webhook('hooks/a', { name: 'other' })), 'STORAGE_CONFLICT')
      expect(error.details).toMatchObject({ conflict: 'webhook_path', triggerId: owner.id })
      expect((await s().saveTrigger(TENANT_A, webhook('hooks/a', { name: 'OWNER' }))).trigger.id).toBe(owner.id)
      expect((await s().saveTrigger(TENANT_B, webhook('hooks/a', { name: 'other' }))).created).toBe(true)
      expect((await s().findTriggerByWebhookPath(TENANT_A, 'hooks/a'))?.id).toBe(owner.id)
      expect(await s().findTriggerByWebhookPath(TENANT_A, 'hooks/b')).toBeUndefined()
    })

    it('updates by id, rejecting a name or path of another trigger', async () => {
      const one = webhook('p/one', { name: 'one' })
      const two = webhook('p/two', { name: 'two' })
      await s().saveTrigger(TENANT_A, one)
      await s().saveTrigger(TENANT_A, two)
      await s().recordTriggerRun(TENANT_A, one.id, { lastRunAt: isoAt(5), lastExecutionId: 'e1' })
      const updated = await s().updateTrigger(TENANT_A, one.id, { name: 'One renamed', type: 'manual', enabled: false, config: {}, updatedAt: isoAt(50) })
      expect(updated).toMatchObject({ id: one.id, name: 'One renamed', type: 'manual', enabled: false, createdAt: isoAt(), updatedAt: isoAt(50), lastRunAt: isoAt(5) })
      expect(updated?.workflowId).toBeUndefined()
      expect(updated?.webhookPath).toBeUndefined()
      expect(await s().findTriggerByWebhookPath(TENANT_A, 'p/one')).toBeUndefined()
      expect((await expectStepwiseError(s().updateTrigger(TENANT_A, one.id, { name: 'TWO', type: 'manual', enabled: true, config: {}, updatedAt: isoAt(60) }), 'STORAGE_CONFLICT')).details).toMatchObject({ conflict: 'name' })
      const pathClash = { name: 'x', type: 'webhook', enabled: true, config: { path: 'p/two' }, webhookPath: 'p/two', updatedAt: isoAt(60) } as const
      expect((await expectStepwiseError(s().updateTrigger(TENANT_A, one.id, pathClash), 'STORAGE_CONFLICT')).details).toMatchObject({ conflict: 'webhook_path' })
      expect(await s().updateTrigger(TENANT_A, 'missing', { name: 'z', type: 'manual', enabled: true, config: {}, updatedAt: isoAt() })).toBeUndefined()
      // The old name is free again.
      expect((await s().saveTrigger(TENANT_A, makeTrigger({ name: 'ONE' }))).created).toBe(true)
    })

    it('filters lists by type, workflow and enabled flag', async () => {
      await s().saveTrigger(TENANT_A, makeTrigger({ name: 'a', workflowId: 'wf-1' }))
      await s().saveTrigger(TENANT_A, makeTrigger({ name: 'b', workflowId: 'wf-2', enabled: false }))
      await s().saveTrigger(TENANT_A, webhook('w', { name: 'c', workflowId: 'wf-1' }))
      const names = async (filter: Parameters<TriggerStorageV1['listTriggers']>[1]): Promise<string[]> => (await s().listTriggers(TENANT_A, filter)).map((t) => t.name)
      expect(await names({ workflowId: 'wf-1' })).toEqual(['a', 'c'])
      expect(await names({ enabled: false })).toEqual(['b'])
      expect(await names({ type: 'schedule', enabled: true })).toEqual(['a'])
      expect(await names({ type: 'manual' })).toEqual([])
    })

    it('deletes a trigger with its ticks and deliveries, freeing its name and path', async () => {
      const trigger = webhook('gone', { name: 'gone' })
      await s().saveTrigger(TENANT_A, trigger)
      expect(await s().claimScheduleTick(TENANT_A, trigger.id, isoAt())).toBe(true)
      await s().appendDelivery(TENANT_A, makeDelivery(trigger.id, 0))
      expect(await s2().deleteTrigger(TENANT_A, trigger.id)).toBe(true)
      expect(await s().deleteTrigger(TENANT_A, trigger.id)).toBe(false)
      expect(await s().getTrigger(TENANT_A, trigger.id)).toBeUndefined()
      expect((await s().listDeliveries(TENANT_A, trigger.id)).deliveries).toEqual([])
      expect(await s().claimScheduleTick(TENANT_A, trigger.id, isoAt())).toBe(true)
      expect((await s().saveTrigger(TENANT_A, webhook('gone', { name: 'GONE' }))).created).toBe(true)
    })

    it('moves run bookkeeping forward only', async () => {
      const trigger = makeTrigger({ scheduledThrough: isoAt() })
      await s().saveTrigger(TENANT_A, trigger)
      await s().recordTriggerRun(TENANT_A, trigger.id, { lastRunAt: isoAt(20), lastExecutionId: 'late', scheduledThrough: isoAt(20) })
      await s2().recordTriggerRun(TENANT_A, trigger.id, { lastRunAt: isoAt(10), lastExecutionId: 'early', scheduledThrough: isoAt(10) })
      expect(await s().getTrigger(TENANT_A, trigger.id)).toMatchObject({ lastRunAt: isoAt(20), lastExecutionId: 'late', scheduledThrough: isoAt(20) })
      await s().recordTriggerRun(TENANT_A, trigger.id, { scheduledThrough: isoAt(30) })
      expect(await s().getTrigger(TENANT_A, trigger.id)).toMatchObject({ lastRunAt: isoAt(20), scheduledThrough: isoAt(30) })
      await s().recordTriggerRun(TENANT_A, 'missing', { lastRunAt: isoAt(1) })
    })

    it('claims a tick exactly once; a released tick can be claimed again', async () => {
      const tick = isoAt(60_000)
      expect(await s().claimScheduleTick(TENANT_A, 't1', tick)).toBe(true)
      expect(await s2().claimScheduleTick(TENANT_A, 't1', tick)).toBe(false)
      expect(await s().claimScheduleTick(TENANT_A, 't1', isoAt(120_000))).toBe(true)
      expect(await s().claimScheduleTick(TENANT_A, 't2', tick)).toBe(true)
      await s2().releaseScheduleTick(TENANT_A, 't1', tick)
      expect(await s().claimScheduleTick(TENANT_A, 't1', tick)).toBe(true)
      await s().releaseScheduleTick(TENANT_A, 't1', 'never-claimed')
    })

    it('10 concurrent claims of one tick (two clients): exactly one wins, every round', async () => {
      for (let round = 0; round < 5; round++) {
        const tick = isoAt(round * 60_000)
        const claims = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? s() : s2()).claimScheduleTick(TENANT_A, 'dup', tick))
        const results = await Promise.all(claims)
        expect(results.filter(Boolean)).toHaveLength(1)
      }
    })

    it('concurrent upserts of one name (two clients) leave one trigger', async () => {
      const results = await Promise.all([s().saveTrigger(TENANT_A, makeTrigger({ name: 'race' })), s2().saveTrigger(TENANT_A, makeTrigger({ name: 'RACE' }))])
      expect(results.filter((r) => r.created)).toHaveLength(1)
      expect(results[0].trigger.id).toBe(results[1].trigger.id)
      expect(await s().listTriggers(TENANT_A)).toHaveLength(1)
    })

    it('pages the delivery log newest first, by id cursor or ISO time', async () => {
      const trigger = webhook('log', { name: 'log' })
      await s().saveTrigger(TENANT_A, trigger)
      const records = [0, 1, 2, 3, 4].map((i) => makeDelivery(trigger.id, i * 1000, { deliveryId: `d-${i % 2}` }))
      // Two records at the same time are ordered by id.
      records.push(makeDelivery(trigger.id, 4000, { id: `${records[4].id}-z` }))
      for (const record of records) await s().appendDelivery(TENANT_A, record)
      const first = await s2().listDeliveries(TENANT_A, trigger.id, { limit: 2 })
      expect(first.deliveries.map((d) => d.id)).toEqual([records[5].id, records[4].id])
      expect(first.hasMore).toBe(true)
      expect(first.deliveries[0]).toEqual(records[5])
      const next = await s().listDeliveries(TENANT_A, trigger.id, { limit: 2, before: first.deliveries[1].id })
      expect(next.deliveries.map((d) => d.id)).toEqual([records[3].id, records[2].id])
      const last = await s().listDeliveries(TENANT_A, trigger.id, { limit: 2, before: next.deliveries[1].id })
      expect(last).toEqual({ deliveries: [records[1], records[0]], hasMore: false })
      expect((await s().listDeliveries(TENANT_A, trigger.id, { before: isoAt(2000) })).deliveries.map((d) => d.id)).toEqual([records[1].id, records[0].id])
      expect((await s().listDeliveries(TENANT_A, trigger.id, { deliveryId: 'd-1' })).deliveries.map((d) => d.id)).toEqual([records[3].id, records[1].id])
      expect((await s().listDeliveries(TENANT_A, trigger.id)).deliveries).toHaveLength(6)
      expect((await s().listDeliveries(TENANT_A, trigger.id, { limit: 0 })).deliveries).toHaveLength(1)
    })

    it('caps a delivery page at 200', async () => {
      const trigger = makeTrigger()
      await s().saveTrigger(TENANT_A, trigger)
      for (let i = 0; i < 205; i++) await s().appendDelivery(TENANT_A, makeDelivery(trigger.id, i))
      const page = await s().listDeliveries(TENANT_A, trigger.id, { limit: 1000 })
      expect(page.deliveries).toHaveLength(200)
      expect(page.hasMore).toBe(true)
    })

    it('scopes every method by tenant', async () => {
      const trigger = webhook('scoped', { name: 'scoped' })
      await s().saveTrigger(TENANT_A, trigger)
      await s().appendDelivery(TENANT_A, makeDelivery(trigger.id, 0))
      expect(await s2().getTrigger(TENANT_B, trigger.id)).toBeUndefined()
      expect(await s2().listTriggers(TENANT_B)).toEqual([])
      expect(await s2().findTriggerByWebhookPath(TENANT_B, 'scoped')).toBeUndefined()
      expect(await s2().updateTrigger(TENANT_B, trigger.id, { name: 'x', type: 'manual', enabled: true, config: {}, updatedAt: isoAt() })).toBeUndefined()
      expect(await s2().deleteTrigger(TENANT_B, trigger.id)).toBe(false)
      await s2().recordTriggerRun(TENANT_B, trigger.id, { lastRunAt: isoAt(5) })
      expect((await s2().listDeliveries(TENANT_B, trigger.id)).deliveries).toEqual([])
      expect(await s().claimScheduleTick(TENANT_A, trigger.id, isoAt())).toBe(true)
      expect(await s2().claimScheduleTick(TENANT_B, trigger.id, isoAt())).toBe(true)
      await s2().releaseScheduleTick(TENANT_B, trigger.id, isoAt())
      expect(await s().claimScheduleTick(TENANT_A, trigger.id, isoAt())).toBe(false)
      const stored = await s().getTrigger(TENANT_A, trigger.id)
      expect(stored).toMatchObject({ name: 'scoped', createdAt: new Date(T0).toISOString() })
      expect(stored?.lastRunAt).toBeUndefined()
      expect((await s().saveTrigger(TENANT_B, makeTrigger({ name: 'SCOPED' }))).created).toBe(true)
    })
  })
}
