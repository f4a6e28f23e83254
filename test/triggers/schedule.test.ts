import { tool } from 'ai'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createEngine, memoryStorage, type SchedulePromptMeta } from '../../src/index.js'
import { createTestClock } from '../../src/testing/index.js'
import { flush } from '../helpers.js'
import { ECHO, executionsOf, ticksRun, triggerEngine } from './trigger-helpers.js'

const WAITS_FOR_APPROVAL = { id: 'gated', steps: [{ id: 'ok', type: 'approval', prompt: 'go?' }] }

describe('schedule triggers', () => {
  it('fires once per due tick with _trigger and the configured variables, never for ticks before it was saved', async () => {
    const { engine, clock } = await triggerEngine({ start: '2026-01-01T00:30:00.000Z' })
    const trigger = await engine.triggers.save({
      name: 'hourly',
      type: 'schedule',
      workflowId: 'echo',
      config: { cron: '0 * * * *', variables: { region: 'eu' } },
    })
    expect(await engine.tick()).toMatchObject({ scheduled: 0 }) // 00:00 was before the save
    clock.set('2026-01-01T01:00:10.000Z')
    expect(await engine.tick()).toMatchObject({ scheduled: 1 })
    expect(await engine.tick()).toMatchObject({ scheduled: 0 })
    const [run] = await executionsOf(engine)
    expect(run.trigger).toEqual({
      type: 'schedule',
      triggerId: trigger.id,
      name: 'hourly',
      cron: '0 * * * *',
      timezone: 'UTC',
      tick: '2026-01-01T01:00:00.000Z',
      backfilled: false,
    })
    expect(run.variables).toEqual({ region: 'eu', _trigger: run.trigger })
    expect((await engine.executions.settled(run.id)).outputs).toEqual({ trigger: 'schedule' })
    const stored = await engine.triggers.get(trigger.id)
    expect(stored).toMatchObject({ lastExecutionId: run.id, scheduledThrough: '2026-01-01T01:00:00.000Z' })
    const log = await engine.triggers.deliveries(trigger.id)
    expect(log.deliveries).toHaveLength(1)
    expect(log.deliveries[0]).toMatchObject({ outcome: 'matched', executionId: run.id, eventType: 'cron', tick: '2026-01-01T01:00:00.000Z', deliveryId: '2026-01-01T01:00:00.000Z' })
  })

  it('10 concurrent tick() calls for the same minute produce one execution', async () => {
    const { engine, clock } = await triggerEngine()
    await engine.triggers.save({ name: 'every minute', type: 'schedule', workflowId: 'echo', config: { cron: '* * * * *' } })
    clock.set('2026-01-01T00:01:00.000Z')
    const results = await Promise.all(Array.from({ length: 10 }, () => engine.tick()))
    expect(results.reduce((sum, r) => sum + r.scheduled, 0)).toBe(1)
    expect(await ticksRun(engine)).toEqual(['2026-01-01T00:01:00.000Z'])
  })

  it('several engine instances on one storage produce exactly one execution per tick, logged once', async () => {
    const storage = memoryStorage()
    const clock = createTestClock('2026-01-01T00:00:00.000Z')
    const engines = Array.from({ length: 5 }, () => createEngine({ storage, clock }))
    await engines[0].workflows.save(ECHO)
    const trigger = await engines[0].triggers.save({ name: 'every minute', type: 'schedule', workflowId: 'echo', config: { cron: '* * * * *' } })
    for (let minute = 1; minute <= 3; minute++) {
      clock.set(Date.parse('2026-01-01T00:00:00.000Z') + minute * 60_000 + 5_000)
      await Promise.all(engines.flatMap((engine) => [engine.tick(), engine.tick()]))
    }
    expect(await ticksRun(engines[1])).toEqual(['2026-01-01T00:01:00.000Z', '2026-01-01T00:02:00.000Z', '2026-01-01T00:03:00.000Z'])
    const log = await engines[2].triggers.deliveries(trigger.id)
    expect(log.deliveries.map((d) => d.outcome)).toEqual(['matched', 'matched', 'matched'])
  })

  it('the concurrency cap refuses a tick without burning it: it runs once a slot frees (logged once)', async () => {
    const { engine, clock } = await triggerEngine()
    await engine.workflows.save(WAITS_FOR_APPROVAL)
    const trigger = await engine.triggers.save({ name: 'capped', type: 'schedule', workflowId: 'gated', config: { cron: '* * * * *', maxConcurrent: 1 } })
    clock.set('2026-01-01T00:01:00.000Z')
    await engine.tick()
    const [first] = await executionsOf(engine, 'gated')
    expect((await engine.executions.settled(first.id)).status).toBe('waiting')
    clock.set('2026-01-01T00:02:00.000Z')
    expect(await engine.tick()).toMatchObject({ scheduled: 0 })
    clock.set('2026-01-01T00:02:20.000Z')
    expect(await engine.tick()).toMatchObject({ scheduled: 0 })
    let log = await engine.triggers.deliveries(trigger.id)
    expect(log.deliveries.map((d) => [d.outcome, d.tick])).toEqual([
      ['concurrency_cap', '2026-01-01T00:02:00.000Z'],
      ['matched', '2026-01-01T00:01:00.000Z'],
    ])
    await engine.executions.approve(first.id, { approved: true })
    expect((await engine.executions.settled(first.id)).status).toBe('completed')
    clock.set('2026-01-01T00:02:30.000Z')
    expect(await engine.tick()).toMatchObject({ scheduled: 1 })
    expect(await ticksRun(engine, 'gated')).toEqual(['2026-01-01T00:01:00.000Z', '2026-01-01T00:02:00.000Z'])
    log = await engine.triggers.deliveries(trigger.id)
    expect(log.deliveries[0]).toMatchObject({ outcome: 'matched', tick: '2026-01-01T00:02:00.000Z' })
  })

  it('overlap "skip" skips a tick while the previous run of the trigger is active; "allow" runs it', async () => {
    const { engine, clock } = await triggerEngine()
    await engine.workflows.save(WAITS_FOR_APPROVAL)
    const skip = await engine.triggers.save({ name: 'skip', type: 'schedule', workflowId: 'gated', config: { cron: '* * * * *', overlap: 'skip' } })
    clock.set('2026-01-01T00:01:00.000Z')
    await engine.tick()
    clock.set('2026-01-01T00:02:00.000Z')
    await engine.tick()
    const runs = await executionsOf(engine, 'gated')
    expect(runs).toHaveLength(1)
    const log = await engine.triggers.deliveries(skip.id)
    expect(log.deliveries[0]).toMatchObject({ outcome: 'no_match', tick: '2026-01-01T00:02:00.000Z', reason: expect.stringContaining('overlap: skip') })
    await engine.executions.approve(runs[0].id, { approved: true })
    await engine.executions.settled(runs[0].id)
    clock.set('2026-01-01T00:03:00.000Z')
    await engine.tick()
    expect(await ticksRun(engine, 'gated')).toEqual(['2026-01-01T00:01:00.000Z', '2026-01-01T00:03:00.000Z'])
    await engine.triggers.save({ name: 'skip', type: 'schedule', workflowId: 'gated', config: { cron: '* * * * *', overlap: 'allow' } })
    clock.set('2026-01-01T00:04:00.000Z')
    await engine.tick()
    expect(await executionsOf(engine, 'gated')).toHaveLength(3)
  })

  it('a prompt target hands the host the prompt with a date prefix; a failed call is retried', async () => {
    const calls: { prompt: string; meta: SchedulePromptMeta }[] = []
    let fail = true
    const { engine, clock } = await triggerEngine({
      start: '2026-03-09T11:00:00.000Z',
      onSchedulePrompt: (prompt, meta) => {
        if (fail) {
          fail = false
          throw new Error('orchestrator offline')
        }
        calls.push({ prompt, meta })
      },
    })
    const trigger = await engine.triggers.save({
      name: 'morning brief',
      type: 'schedule',
      config: { cron: '0 8 * * *', timezone: 'America/New_York', target: { prompt: 'Summarise my inbox.' } },
    })
    clock.set('2026-03-09T12:00:05.000Z') // 08:00 EDT
    expect(await engine.tick()).toMatchObject({ scheduled: 0 })
    expect(calls).toEqual([])
    clock.set('2026-03-09T12:00:20.000Z')
    expect(await engine.tick()).toMatchObject({ scheduled: 1 })
    expect(await engine.tick()).toMatchObject({ scheduled: 0 })
    expect(calls).toEqual([
      {
        prompt: '[Today is Monday, March 9, 2026]\n\nSummarise my inbox.',
        meta: {
          tenantId: 'default',
          triggerId: trigger.id,
          triggerName: 'morning brief',
          tick: '2026-03-09T12:00:00.000Z',
          timezone: 'America/New_York',
          backfilled: false,
          test: false,
          idempotencyKey: `schedule:${trigger.id}:2026-03-09T12:00:00.000Z`,
        },
      },
    ])
    const log = await engine.triggers.deliveries(trigger.id)
    expect(log.deliveries.map((d) => [d.outcome, d.reason])).toEqual([
      ['matched', undefined],
      ['error', 'onSchedulePrompt failed: orchestrator offline'],
    ])
  })

  it('startWorker() fires schedules on the engine clock, even while a long resume holds tick()', async () => {
    const storage = memoryStorage()
    const clock = createTestClock('2026-01-01T00:00:00.000Z')
    let release = (): void => undefined
    const gate = new Promise<void>((resolve) => (release = resolve))
    const slow = tool({ inputSchema: z.object({}), execute: async () => (await gate, 1) })
    const parker = createEngine({ storage, clock, tools: { slow } })
    const long = await parker.run({ id: 'long', steps: [{ id: 'w', type: 'wait', durationMs: 500 }, { id: 't', type: 'tool', tool: 'slow' }] })
    expect(long.status).toBe('waiting')
    await parker.close()
    const engine = createEngine({ storage, clock, tools: { slow } })
    await engine.workflows.save(ECHO)
    await engine.triggers.save({ name: 'every minute', type: 'schedule', workflowId: 'echo', config: { cron: '* * * * *' } })
    const worker = engine.startWorker({ pollMs: 1000 })
    for (let s = 0; s < 130; s++) {
      clock.advance(1000)
      await flush(3)
    }
    expect((await engine.executions.get(long.id)).status).toBe('running') // tick() is still busy with it
    expect(await ticksRun(engine)).toEqual(['2026-01-01T00:01:00.000Z', '2026-01-01T00:02:00.000Z'])
    release()
    await worker.stop()
    expect((await engine.executions.settled(long.id)).status).toBe('completed')
  })
})
