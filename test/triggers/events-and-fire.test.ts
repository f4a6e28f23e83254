import { describe, expect, it } from 'vitest'
import { createEngine, memoryStorage, type SchedulePromptMeta, type TriggerDeliveryEvent } from '../../src/index.js'
import { createTestClock } from '../../src/testing/index.js'
import { ECHO, executionsOf, triggerEngine, webhookRequest } from './trigger-helpers.js'

describe('event triggers', () => {
  it('emit starts every enabled workflow whose trigger matches the name and filter', async () => {
    const { engine } = await triggerEngine()
    const all = await engine.triggers.save({ name: 'all issues', type: 'event', workflowId: 'echo', config: { event: 'issue.created', variableMapping: { title: 'title' } } })
    const high = await engine.triggers.save({ name: 'high', type: 'event', workflowId: 'echo', config: { event: 'issue.created', filter: 'severity = "high"' } })
    const off = await engine.triggers.save({ name: 'off', type: 'event', workflowId: 'echo', enabled: false, config: { event: 'issue.created' } })
    await engine.triggers.save({ name: 'other', type: 'event', workflowId: 'echo', config: { event: 'issue.closed' } })
    const results = await engine.emit('issue.created', { severity: 'low', title: 'Typo' })
    expect(results).toEqual([
      { triggerId: all.id, outcome: 'matched', executionId: expect.any(String) },
      { triggerId: high.id, outcome: 'no_match', reason: 'filter is false' },
    ])
    const execution = await engine.executions.get(results[0].executionId as string)
    expect(execution.variables).toMatchObject({ title: 'Typo', _payload: { severity: 'low', title: 'Typo' }, _trigger: { type: 'event', triggerId: all.id, event: 'issue.created' } })
    const both = await engine.emit('issue.created', { severity: 'high', title: 'Outage' })
    expect(both.map((r) => r.outcome)).toEqual(['matched', 'matched'])
    expect(await engine.emit('nobody.listens', {})).toEqual([])
    expect((await engine.triggers.deliveries(off.id)).deliveries).toEqual([])
    await expect(engine.emit('', {})).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
  })

  it('an event id makes emit idempotent per trigger; a non-object payload lands under `value`', async () => {
    const { engine } = await triggerEngine()
    await engine.triggers.save({ name: 'e', type: 'event', workflowId: 'echo', config: { event: 'ping' } })
    const [first] = await engine.emit('ping', 42, { id: 'evt-1' })
    const [again] = await engine.emit('ping', 42, { id: 'evt-1' })
    expect(again).toEqual({ triggerId: first.triggerId, outcome: 'duplicate', executionId: first.executionId })
    expect((await engine.executions.get(first.executionId as string)).variables._payload).toEqual({ value: 42 })
    expect((await engine.emit('ping', 42))[0].executionId).not.toBe(first.executionId)
  })
})

describe('fire()', () => {
  it('runs a manual trigger with the payload as variables (a real run, not a test)', async () => {
    const { engine } = await triggerEngine()
    const manual = await engine.triggers.save({ name: 'rerun', type: 'manual', workflowId: 'echo', config: { variables: { mode: 'full' } } })
    const result = await engine.triggers.fire(manual.id, { mode: 'quick', topic: 'x' })
    expect(result).toEqual({ outcome: 'matched', executionId: expect.any(String) })
    const execution = await engine.executions.get(result.executionId as string)
    expect(execution.variables).toMatchObject({ mode: 'quick', topic: 'x', _payload: { mode: 'quick', topic: 'x' } })
    expect(execution.trigger).toMatchObject({ type: 'manual', triggerId: manual.id })
    expect((await engine.triggers.get(manual.id)).lastExecutionId).toBe(result.executionId)
    expect((await engine.triggers.deliveries(manual.id)).deliveries[0]).toMatchObject({ outcome: 'matched', eventType: 'manual' })
    expect((await engine.triggers.deliveries(manual.id)).deliveries[0].test).toBeUndefined()
  })

  it('test-fires schedules, webhooks and event triggers through the same dispatcher, marked test', async () => {
    const prompts: SchedulePromptMeta[] = []
    const { engine } = await triggerEngine({ onSchedulePrompt: (_prompt, meta) => void prompts.push(meta) })
    const schedule = await engine.triggers.save({ name: 's', type: 'schedule', workflowId: 'echo', config: { cron: '0 0 1 1 *' } })
    const fired = await engine.triggers.fire(schedule.id)
    expect(fired.outcome).toBe('matched')
    const run = await engine.executions.get(fired.executionId as string)
    expect(run.trigger).toMatchObject({ type: 'schedule', test: true, backfilled: false })
    const after = await engine.triggers.get(schedule.id)
    expect(after.lastRunAt).toBeUndefined()
    expect(after.scheduledThrough).toBe(schedule.scheduledThrough)
    expect((await engine.triggers.deliveries(schedule.id)).deliveries[0]).toMatchObject({ outcome: 'matched', test: true })

    const hook = await engine.triggers.save({ name: 'w', type: 'webhook', workflowId: 'echo', config: { path: 'w', secret: 'x', filter: { events: ['push'] } } })
    expect(await engine.triggers.fire(hook.id, { ref: 'refs/heads/main' })).toEqual({ outcome: 'no_match', reason: 'missing X-GitHub-Event header' })
    const pushed = await engine.triggers.fire(hook.id, { ref: 'refs/heads/main' }, { headers: { 'X-GitHub-Event': 'push' } })
    expect(pushed.outcome).toBe('matched')
    expect((await engine.executions.get(pushed.executionId as string)).trigger).toMatchObject({ type: 'webhook', test: true, event: 'push' })
    expect((await engine.triggers.fire(hook.id, {}, { headers: { 'X-GitHub-Event': 'push' } })).executionId).not.toBe(pushed.executionId)

    const event = await engine.triggers.save({ name: 'e', type: 'event', workflowId: 'echo', config: { event: 'x', filter: 'ok' } })
    expect(await engine.triggers.fire(event.id, { ok: false })).toEqual({ outcome: 'no_match', reason: 'filter is false' })
    expect((await engine.triggers.fire(event.id, { ok: true })).outcome).toBe('matched')

    const prompt = await engine.triggers.save({ name: 'p', type: 'schedule', config: { cron: '0 8 * * *', target: { prompt: 'Hi' } } })
    expect(await engine.triggers.fire(prompt.id)).toEqual({ outcome: 'matched' })
    expect(prompts).toMatchObject([{ triggerId: prompt.id, test: true }])
    await expect(engine.triggers.fire('unknown')).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('the delivery log', () => {
  it('pages newest first with { limit, before } and bounds the payload preview by outcome', async () => {
    const { engine } = await triggerEngine()
    const hook = await engine.triggers.save({ name: 'log', type: 'webhook', workflowId: 'echo', config: { path: 'log', secret: 'k' } })
    const big = { text: 'é'.repeat(6000) } // 12 000 bytes of UTF-8
    await engine.handleWebhook(webhookRequest('log', big)) // unsigned → invalid_signature (512 B preview)
    const fired = await engine.triggers.fire(hook.id, big) // matched (8 KiB preview)
    expect(fired.outcome).toBe('matched')
    for (let i = 0; i < 4; i++) await engine.handleWebhook(webhookRequest('log', { i }))
    const page1 = await engine.triggers.deliveries(hook.id, { limit: 4 })
    expect(page1.hasMore).toBe(true)
    expect(page1.deliveries).toHaveLength(4)
    const page2 = await engine.triggers.deliveries(hook.id, { limit: 4, before: page1.deliveries[3].id })
    expect(page2.hasMore).toBe(false)
    const [matched, rejected] = page2.deliveries
    expect(matched).toMatchObject({ outcome: 'matched', test: true, payloadTruncated: true, executionId: fired.executionId })
    expect(Buffer.byteLength(matched.payloadPreview as string)).toBeLessThanOrEqual(8192)
    expect(Buffer.byteLength(matched.payloadPreview as string)).toBeGreaterThan(8180)
    expect(rejected).toMatchObject({ outcome: 'invalid_signature', reason: 'missing signature', payloadTruncated: true })
    expect(Buffer.byteLength(rejected.payloadPreview as string)).toBeLessThanOrEqual(512)
    expect(rejected.payloadPreview).not.toContain('\uFFFD')
    expect(matched).toEqual({
      id: expect.any(String),
      triggerId: hook.id,
      triggerType: 'webhook',
      outcome: 'matched',
      eventType: 'log',
      deliveryId: expect.stringMatching(/^test:/),
      executionId: fired.executionId,
      payloadPreview: expect.any(String),
      payloadTruncated: true,
      test: true,
      receivedAt: '2026-01-01T00:00:00.000Z',
      recordedAt: '2026-01-01T00:00:00.000Z',
    })
  })

  it('publishes trigger.delivery events (not covered by "*")', async () => {
    const { engine } = await triggerEngine()
    const seen: [TriggerDeliveryEvent, string][] = []
    const star: string[] = []
    const off = engine.on('trigger.delivery', (event, tenantId) => seen.push([event, tenantId]))
    engine.on('*', (event) => star.push(event.type))
    const manual = await engine.triggers.save({ name: 'm', type: 'manual', workflowId: 'echo' })
    const { executionId } = await engine.triggers.fire(manual.id)
    await engine.executions.settled(executionId as string)
    expect(seen).toEqual([
      [
        {
          type: 'trigger.delivery',
          at: '2026-01-01T00:00:00.000Z',
          triggerId: manual.id,
          triggerName: 'm',
          triggerType: 'manual',
          workflowId: 'echo',
          outcome: 'matched',
          executionId,
          deliveryId: expect.any(String),
          deliveryRecordId: expect.any(String),
        },
        'default',
      ],
    ])
    expect(star).not.toContain('trigger.delivery')
    off()
    await engine.triggers.fire(manual.id)
    expect(seen).toHaveLength(1)
  })

  it('a failing log write never breaks dispatch', async () => {
    const storage = memoryStorage()
    storage.appendDelivery = async () => {
      throw new Error('disk full')
    }
    const engine = createEngine({ storage, clock: createTestClock() })
    await engine.workflows.save(ECHO)
    await engine.triggers.save({ name: 'h', type: 'webhook', workflowId: 'echo', config: { path: 'h' } })
    const response = await engine.handleWebhook(webhookRequest('h', { a: 1 }))
    expect(response.status).toBe(202)
    expect(await executionsOf(engine)).toHaveLength(1)
  })
})
