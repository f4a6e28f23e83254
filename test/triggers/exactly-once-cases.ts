import { expect, it } from 'vitest'
import type { Engine } from '../../src/index.js'
import { createTestClock, type TestClock } from '../../src/testing/index.js'
import { ECHO, githubSignature, ticksRun, webhookRequest } from './trigger-helpers.js'

/**
 * The exactly-once cases every multi-instance storage must pass: `twoInstances` returns two
 * engines on one shared database, each with its own connection.
 */
export function exactlyOnceCases(twoInstances: (clock: TestClock) => [Engine, Engine]): void {
  it('concurrent ticks of both instances start exactly one execution per schedule tick', async () => {
    const clock = createTestClock('2026-01-01T00:00:00.000Z')
    const [a, b] = twoInstances(clock)
    await a.workflows.save(ECHO)
    const trigger = await a.triggers.save({ name: 'every minute', type: 'schedule', workflowId: 'echo', config: { cron: '* * * * *' } })
    for (let minute = 1; minute <= 3; minute++) {
      clock.set(Date.parse('2026-01-01T00:00:00.000Z') + minute * 60_000 + 1_000)
      await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).tick()))
    }
    expect(await ticksRun(b)).toEqual(['2026-01-01T00:01:00.000Z', '2026-01-01T00:02:00.000Z', '2026-01-01T00:03:00.000Z'])
    expect((await a.triggers.deliveries(trigger.id)).deliveries.map((d) => d.outcome)).toEqual(['matched', 'matched', 'matched'])
    expect((await b.triggers.get(trigger.id)).scheduledThrough).toBe('2026-01-01T00:03:00.000Z')
  })

  it('10 identical webhook deliveries split across both instances: one 202, nine 200', async () => {
    const clock = createTestClock('2026-01-01T00:00:00.000Z')
    const [a, b] = twoInstances(clock)
    await a.workflows.save(ECHO)
    await b.triggers.save({ name: 'gh', type: 'webhook', workflowId: 'echo', config: { path: 'gh', secret: 'k' } })
    const payload = JSON.stringify({ action: 'opened' })
    const headers = { 'X-Hub-Signature-256': githubSignature('k', payload), 'X-GitHub-Delivery': 'delivery-1' }
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).handleWebhook(webhookRequest('gh', payload, headers))))
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 202])
    const ids = new Set(await Promise.all(responses.map(async (r) => ((await r.json()) as { executionId: string }).executionId)))
    expect(ids.size).toBe(1)
    expect(await a.executions.list({ workflowId: 'echo' })).toHaveLength(1)
  })
}
