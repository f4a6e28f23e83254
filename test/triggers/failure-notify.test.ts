import { tool } from 'ai'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { NotifyMessage } from '../../src/index.js'
import { flush } from '../helpers.js'
import { triggerEngine, webhookRequest } from './trigger-helpers.js'

const explode = tool({
  inputSchema: z.object({}),
  execute: async (): Promise<string> => {
    throw new Error('kaboom')
  },
})

const FAILING = {
  id: 'nightly-sync',
  name: 'Nightly sync',
  failureNotify: 'ops',
  steps: [
    { id: 'prepare', type: 'set', values: { ok: 'true' } },
    { id: 'sync', type: 'tool', tool: 'explode' },
  ],
}

const GATED = { id: 'gated', name: 'Gated', failureNotify: 'ops', steps: [{ id: 'ask', type: 'approval', prompt: 'Ship?' }] }

async function setup() {
  const sent: NotifyMessage[] = []
  const { engine, clock } = await triggerEngine({
    tools: { explode },
    notifiers: {
      ops: (message) => void sent.push(message),
      default: () => undefined,
    },
  })
  await engine.workflows.save(FAILING)
  await engine.workflows.save(GATED)
  return { engine, clock, sent }
}

describe('failure notifications (failureNotify)', () => {
  it('a failed scheduled run sends a summary through the notifier named by the snapshot', async () => {
    const { engine, clock, sent } = await setup()
    const trigger = await engine.triggers.save({ name: 'nightly', type: 'schedule', workflowId: 'nightly-sync', config: { cron: '* * * * *' } })
    clock.set('2026-01-01T00:01:00.000Z')
    await engine.tick()
    const [execution] = await engine.executions.list({ workflowId: 'nightly-sync' })
    expect((await engine.executions.settled(execution.id)).status).toBe('failed')
    await flush(10)
    expect(sent).toHaveLength(1)
    const message = sent[0]
    expect(message).toMatchObject({ target: 'ops', executionId: execution.id, workflowId: 'nightly-sync', stepId: 'sync', iterationPath: '', idempotencyKey: `failure:${execution.id}` })
    expect(message.failure).toEqual({
      workflowId: 'nightly-sync',
      workflowName: 'Nightly sync',
      executionId: execution.id,
      status: 'failed',
      failedStepId: 'sync',
      error: expect.objectContaining({ code: 'TOOL_FAILED', stepId: 'sync' }),
      trigger: expect.objectContaining({ type: 'schedule', triggerId: trigger.id, name: 'nightly' }),
    })
    expect(message.content).toContain('Workflow "Nightly sync" (nightly-sync) failed.')
    expect(message.content).toContain(`Execution: ${execution.id}`)
    expect(message.content).toContain('Step: sync')
    expect(message.content).toMatch(/Error: TOOL_FAILED: .*kaboom/)
    expect(message.content).toContain(`Trigger: schedule "nightly" (${trigger.id})`)
  })

  it('a cancelled webhook run is notified; the setting comes from the pinned snapshot, not the current version', async () => {
    const { engine, sent } = await setup()
    await engine.triggers.save({ name: 'hook', type: 'webhook', workflowId: 'gated', config: { path: 'gated' } })
    const response = await engine.handleWebhook(webhookRequest('gated', {}))
    const { executionId } = (await response.json()) as { executionId: string }
    await engine.executions.settled(executionId)
    // Editing the workflow afterwards does not change how this run escalates.
    await engine.workflows.save({ ...GATED, failureNotify: 'none' })
    await engine.executions.approve(executionId, { approved: false })
    expect((await engine.executions.settled(executionId)).status).toBe('cancelled')
    await flush(10)
    expect(sent.map((m) => [m.failure?.status, m.failure?.failedStepId, m.failure?.trigger.type])).toEqual([['cancelled', 'ask', 'webhook']])
    expect(sent[0].content).toContain('Workflow "Gated" (gated) cancelled.')
    // The next run is pinned to the new version: no notification.
    const next = (await (await engine.handleWebhook(webhookRequest('gated', { n: 2 }))).json()) as { executionId: string }
    await engine.executions.settled(next.executionId)
    await engine.executions.cancel(next.executionId)
    await flush(10)
    expect(sent).toHaveLength(1)
  })

  it('manual runs, retries, manual triggers, test fires and failureNotify "none" send nothing', async () => {
    const { engine, clock, sent } = await setup()
    const failed = await engine.run('nightly-sync')
    expect(failed.status).toBe('failed')
    await engine.executions.retryFrom(failed.id, { stepId: 'sync' }).then((r) => engine.executions.settled(r.id))
    const manual = await engine.triggers.save({ name: 'm', type: 'manual', workflowId: 'nightly-sync' })
    await engine.executions.settled((await engine.triggers.fire(manual.id)).executionId as string)
    const schedule = await engine.triggers.save({ name: 's', type: 'schedule', workflowId: 'nightly-sync', config: { cron: '0 0 1 1 *' } })
    await engine.executions.settled((await engine.triggers.fire(schedule.id)).executionId as string)
    await engine.workflows.save({ ...FAILING, id: 'quiet', failureNotify: 'none' })
    await engine.triggers.save({ name: 'q', type: 'schedule', workflowId: 'quiet', config: { cron: '* * * * *' } })
    clock.set('2026-01-01T00:01:00.000Z')
    await engine.tick()
    const [quiet] = await engine.executions.list({ workflowId: 'quiet' })
    expect((await engine.executions.settled(quiet.id)).status).toBe('failed')
    await flush(10)
    expect(sent).toEqual([])
  })

  it('a throwing notifier never affects the engine', async () => {
    const { engine } = await triggerEngine({
      tools: { explode },
      notifiers: {
        ops: () => {
          throw new Error('pager down')
        },
      },
    })
    await engine.workflows.save(FAILING)
    const trigger = await engine.triggers.save({ name: 'e', type: 'event', workflowId: 'nightly-sync', config: { event: 'go' } })
    const [result] = await engine.emit('go', {})
    expect(result).toMatchObject({ triggerId: trigger.id, outcome: 'matched' })
    expect((await engine.executions.settled(result.executionId as string)).status).toBe('failed')
    await flush(10)
    await engine.close()
  })
})
