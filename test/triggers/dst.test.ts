import { describe, expect, it } from 'vitest'
import { parseCron, ticksBetween } from '../../src/triggers/schedule/cron.js'
import { ticksRun, triggerEngine } from './trigger-helpers.js'

const FIVE_MINUTES = 5 * 60_000

/** Saves a schedule at `from`, then ticks every 5 minutes until `to` (a worker would tick more often). */
async function runAcross(cron: string, timezone: string, from: string, to: string): Promise<string[]> {
  const { engine, clock } = await triggerEngine({ start: from })
  await engine.triggers.save({ name: 'dst', type: 'schedule', workflowId: 'echo', config: { cron, timezone } })
  for (let t = Date.parse(from) + FIVE_MINUTES; t <= Date.parse(to); t += FIVE_MINUTES) {
    clock.set(t)
    await engine.tick()
  }
  return ticksRun(engine)
}

const local = (iso: string, timeZone: string): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(new Date(iso))

describe('schedules across daylight-saving transitions (America/New_York)', () => {
  const NY = 'America/New_York'

  it('spring forward: a fixed 02:30 run happens once, at 03:00 EDT, on the day 02:30 does not exist', async () => {
    const ticks = await runAcross('30 2 * * *', NY, '2026-03-07T12:00:00.000Z', '2026-03-09T12:00:00.000Z')
    expect(ticks).toEqual(['2026-03-08T07:00:00.000Z', '2026-03-09T06:30:00.000Z'])
    expect(ticks.map((t) => local(t, NY))).toEqual(['08/03, 03:00 GMT-4', '09/03, 02:30 GMT-4'])
  })

  it('spring forward: hourly keeps one run per real hour (the missing 02:00 is not made up)', async () => {
    const ticks = await runAcross('0 * * * *', NY, '2026-03-08T04:30:00.000Z', '2026-03-08T09:30:00.000Z')
    expect(ticks).toEqual(['2026-03-08T05:00:00.000Z', '2026-03-08T06:00:00.000Z', '2026-03-08T07:00:00.000Z', '2026-03-08T08:00:00.000Z', '2026-03-08T09:00:00.000Z'])
    expect(ticks.map((t) => local(t, NY).slice(7))).toEqual(['00:00 GMT-5', '01:00 GMT-5', '03:00 GMT-4', '04:00 GMT-4', '05:00 GMT-4'])
  })

  it('fall back: a fixed 01:30 run happens once (at the first 01:30), and 02:30 is unaffected', async () => {
    expect(await runAcross('30 1 * * *', NY, '2026-10-31T12:00:00.000Z', '2026-11-02T12:00:00.000Z')).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z'])
    expect(await runAcross('30 2 * * *', NY, '2026-10-31T12:00:00.000Z', '2026-11-02T12:00:00.000Z')).toEqual(['2026-11-01T07:30:00.000Z', '2026-11-02T07:30:00.000Z'])
  })

  it('fall back: hourly runs in both 01:00 hours (one run per real hour)', async () => {
    const ticks = await runAcross('0 * * * *', NY, '2026-11-01T03:30:00.000Z', '2026-11-01T08:30:00.000Z')
    expect(ticks).toEqual(['2026-11-01T04:00:00.000Z', '2026-11-01T05:00:00.000Z', '2026-11-01T06:00:00.000Z', '2026-11-01T07:00:00.000Z', '2026-11-01T08:00:00.000Z'])
    expect(ticks.map((t) => local(t, NY).slice(7))).toEqual(['00:00 GMT-4', '01:00 GMT-4', '01:00 GMT-5', '02:00 GMT-5', '03:00 GMT-5'])
  })
})

describe('cron occurrences (the DST rule in other zones, seconds, names)', () => {
  const ticks = (cron: string, tz: string, from: string, to: string): string[] =>
    ticksBetween(parseCron(cron, tz), Date.parse(from), Date.parse(to)).ticks.map((t) => new Date(t).toISOString())

  it('Lord Howe (30-minute shift): 02:15 runs at 02:30 on the spring-forward day; 01:45 runs once on fall-back', () => {
    expect(ticks('15 2 * * *', 'Australia/Lord_Howe', '2026-10-03T12:00:00Z', '2026-10-05T12:00:00Z')).toEqual(['2026-10-03T15:30:00.000Z', '2026-10-04T15:15:00.000Z'])
    expect(ticks('45 1 * * *', 'Australia/Lord_Howe', '2026-04-04T12:00:00Z', '2026-04-06T12:00:00Z')).toEqual(['2026-04-04T14:45:00.000Z', '2026-04-05T15:15:00.000Z'])
  })

  it('Europe/London: a wildcard-minute schedule skips the missing hour and repeats the doubled one', () => {
    expect(ticks('*/30 * * * *', 'Europe/London', '2026-03-29T00:00:00Z', '2026-03-29T02:00:00Z')).toEqual([
      '2026-03-29T00:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-29T01:30:00.000Z',
      '2026-03-29T02:00:00.000Z',
    ])
    expect(ticks('*/30 1 * * *', 'Europe/London', '2026-10-24T23:59:00Z', '2026-10-25T03:00:00Z')).toEqual([
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T01:30:00.000Z',
    ])
  })

  it('seconds, names, L and # in a timezone', () => {
    expect(ticks('*/20 * * * * *', 'UTC', '2026-01-01T00:00:00Z', '2026-01-01T00:01:00Z')).toEqual(['2026-01-01T00:00:20.000Z', '2026-01-01T00:00:40.000Z', '2026-01-01T00:01:00.000Z'])
    expect(ticks('0 9 * * MON-FRI', 'Europe/Berlin', '2026-01-02T00:00:00Z', '2026-01-06T00:00:00Z')).toEqual(['2026-01-02T08:00:00.000Z', '2026-01-05T08:00:00.000Z'])
    expect(ticks('0 0 L * *', 'Asia/Tokyo', '2026-01-01T00:00:00Z', '2026-03-01T00:00:00Z')).toEqual(['2026-01-30T15:00:00.000Z', '2026-02-27T15:00:00.000Z'])
    expect(ticks('0 12 * * 1#1', 'UTC', '2026-01-01T00:00:00Z', '2026-03-01T00:00:00Z')).toEqual(['2026-01-05T12:00:00.000Z', '2026-02-02T12:00:00.000Z'])
  })

  it('is bounded: a huge backlog yields the newest 10 000 ticks and says so', () => {
    const result = ticksBetween(parseCron('* * * * * *', 'UTC'), 0, 86_400_000)
    expect(result.ticks).toHaveLength(10_000)
    expect(result.truncated).toBe(true)
    expect(result.ticks[result.ticks.length - 1]).toBe(86_400_000)
  })
})
