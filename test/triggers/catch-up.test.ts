import { describe, expect, it } from 'vitest'
import { createEngine, memoryStorage, type CatchUpPolicy } from '../../src/index.js'
import { createTestClock } from '../../src/testing/index.js'
import { ECHO, executionsOf, ticksRun } from './trigger-helpers.js'

/**
 * An hourly schedule saved at 08:30 runs at 09:00; the only engine then stops. Three hours later
 * (12:00:30) a new engine on the same storage ticks: 10:00 and 11:00 were missed, 12:00 is on time.
 */
async function outage(catchUp: CatchUpPolicy | undefined, extra: { catchUpLimit?: number; cron?: string; resumeAt?: string } = {}) {
  const storage = memoryStorage()
  const clock = createTestClock('2026-01-01T08:30:00.000Z')
  const before = createEngine({ storage, clock })
  await before.workflows.save(ECHO)
  const trigger = await before.triggers.save({
    name: 'hourly',
    type: 'schedule',
    workflowId: 'echo',
    config: { cron: extra.cron ?? '0 * * * *', ...(catchUp === undefined ? {} : { catchUp }), ...(extra.catchUpLimit === undefined ? {} : { catchUpLimit: extra.catchUpLimit }) },
  })
  clock.set('2026-01-01T09:00:05.000Z')
  await before.tick()
  await before.close()
  clock.set(extra.resumeAt ?? '2026-01-01T12:00:30.000Z')
  const after = createEngine({ storage, clock })
  await after.tick()
  await after.tick()
  return { engine: after, trigger, clock, log: (await after.triggers.deliveries(trigger.id)).deliveries }
}

describe('catch-up after a 3-hour outage', () => {
  it('skip (default): only the on-time tick runs; the missed ones are one delivery record', async () => {
    const { engine, log } = await outage(undefined)
    expect(await ticksRun(engine)).toEqual(['2026-01-01T09:00:00.000Z', '2026-01-01T12:00:00.000Z'])
    const skipped = log.filter((d) => d.outcome === 'no_match')
    expect(skipped).toHaveLength(1)
    expect(skipped[0]).toMatchObject({
      reason: '2 missed ticks skipped (catchUp: skip), 2026-01-01T10:00:00.000Z to 2026-01-01T11:00:00.000Z',
      tick: '2026-01-01T11:00:00.000Z',
      eventType: 'cron',
    })
    expect(JSON.parse(skipped[0].payloadPreview as string)).toEqual({ skipped: 2, truncated: false, first: '2026-01-01T10:00:00.000Z', last: '2026-01-01T11:00:00.000Z' })
  })

  it('latest: the newest missed tick runs (backfilled), then the on-time one', async () => {
    const { engine, log } = await outage('latest')
    const runs = await executionsOf(engine)
    expect(runs.map((e) => [e.trigger?.tick, e.trigger?.backfilled])).toEqual([
      ['2026-01-01T09:00:00.000Z', false],
      ['2026-01-01T11:00:00.000Z', true],
      ['2026-01-01T12:00:00.000Z', false],
    ])
    expect(log.find((d) => d.outcome === 'no_match')?.reason).toBe('1 missed tick skipped (catchUp: latest), 2026-01-01T10:00:00.000Z to 2026-01-01T10:00:00.000Z')
  })

  it('all: every missed tick runs, oldest first', async () => {
    const { engine, log } = await outage('all')
    expect(await ticksRun(engine)).toEqual(['2026-01-01T09:00:00.000Z', '2026-01-01T10:00:00.000Z', '2026-01-01T11:00:00.000Z', '2026-01-01T12:00:00.000Z'])
    expect(log.map((d) => [d.outcome, d.tick])).toEqual([
      ['matched', '2026-01-01T12:00:00.000Z'],
      ['matched', '2026-01-01T11:00:00.000Z'],
      ['matched', '2026-01-01T10:00:00.000Z'],
      ['matched', '2026-01-01T09:00:00.000Z'],
    ])
  })

  it('all is capped by catchUpLimit: the older missed ticks are skipped and recorded', async () => {
    const { engine, log } = await outage('all', { cron: '*/5 * * * *', catchUpLimit: 10 })
    // After the outage: the 10 newest missed ticks (11:10 … 11:55), then 12:00 on time.
    const ticks = (await ticksRun(engine)).filter((t) => t > '2026-01-01T09:00:00.000Z')
    expect(ticks).toHaveLength(11)
    expect(ticks[0]).toBe('2026-01-01T11:10:00.000Z')
    expect(ticks[10]).toBe('2026-01-01T12:00:00.000Z')
    const skipped = log.filter((d) => d.outcome === 'no_match')
    expect(skipped.map((d) => d.reason)).toEqual(['25 missed ticks skipped (catchUp: all), 2026-01-01T09:05:00.000Z to 2026-01-01T11:05:00.000Z'])
  })

  it('ticks missed while the trigger was disabled are not caught up: enabling counts from now', async () => {
    const storage = memoryStorage()
    const clock = createTestClock('2026-01-01T08:30:00.000Z')
    const engine = createEngine({ storage, clock })
    await engine.workflows.save(ECHO)
    const trigger = await engine.triggers.save({ name: 'h', type: 'schedule', workflowId: 'echo', config: { cron: '0 * * * *', catchUp: 'all' } })
    await engine.triggers.disable(trigger.id)
    clock.set('2026-01-01T12:00:30.000Z')
    await engine.tick()
    expect((await engine.triggers.enable(trigger.id)).scheduledThrough).toBe('2026-01-01T12:00:30.000Z')
    await engine.tick()
    expect(await ticksRun(engine)).toEqual([])
    clock.set('2026-01-01T13:00:00.000Z')
    await engine.tick()
    expect(await ticksRun(engine)).toEqual(['2026-01-01T13:00:00.000Z'])
    // Saving the same config again (e.g. at every boot) keeps the schedule's position.
    clock.set('2026-01-01T15:00:30.000Z')
    await engine.triggers.save({ name: 'H', type: 'schedule', workflowId: 'echo', config: { cron: '0 * * * *', catchUp: 'all' } })
    await engine.tick()
    expect(await ticksRun(engine)).toEqual(['2026-01-01T13:00:00.000Z', '2026-01-01T14:00:00.000Z', '2026-01-01T15:00:00.000Z'])
    // A new cron counts from the save.
    clock.set('2026-01-01T18:00:30.000Z')
    await engine.triggers.save({ name: 'H', type: 'schedule', workflowId: 'echo', config: { cron: '30 * * * *', catchUp: 'all' } })
    await engine.tick()
    expect(await ticksRun(engine)).toHaveLength(3)
  })

  it('two instances resuming at once record the skipped ticks once and run the on-time tick once', async () => {
    const storage = memoryStorage()
    const clock = createTestClock('2026-01-01T08:30:00.000Z')
    const first = createEngine({ storage, clock })
    await first.workflows.save(ECHO)
    const trigger = await first.triggers.save({ name: 'h', type: 'schedule', workflowId: 'echo', config: { cron: '0 * * * *' } })
    clock.set('2026-01-01T12:00:30.000Z')
    const second = createEngine({ storage, clock })
    await Promise.all([first.tick(), second.tick(), first.tick(), second.tick()])
    expect(await ticksRun(first)).toEqual(['2026-01-01T12:00:00.000Z'])
    const log = (await second.triggers.deliveries(trigger.id)).deliveries
    expect(log.map((d) => d.outcome).sort()).toEqual(['matched', 'no_match'])
  })
})
