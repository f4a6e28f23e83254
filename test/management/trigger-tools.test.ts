import { describe, expect, it } from 'vitest'
import { callTool, codeOf, managedEngine, okResult, sampleWorkflow } from './management-helpers.js'

describe('trigger tools', () => {
  it('save_trigger creates and upserts by name; invalid config is TRIGGER_INVALID with a reason', async () => {
    const { engine, tools } = managedEngine()
    const created = okResult(await callTool(tools, 'save_trigger', { name: 'Nightly', type: 'schedule', workflowId: 'report', config: { cron: '0 3 * * *', timezone: 'Europe/Paris' } }))
    const id = (created.trigger as { id: string }).id
    expect(created.trigger).toMatchObject({ name: 'Nightly', type: 'schedule', enabled: true, config: { cron: '0 3 * * *' } })
    const upserted = okResult(await callTool(tools, 'save_trigger', { name: 'nightly', type: 'schedule', workflowId: 'report', config: JSON.stringify({ cron: '0 4 * * *' }) }))
    expect(upserted.trigger).toMatchObject({ id, config: { cron: '0 4 * * *' } })
    const invalid = await callTool(tools, 'save_trigger', { name: 'Bad', type: 'schedule', config: { cron: 'every day' } })
    expect(invalid).toMatchObject({ ok: false, error: { code: 'TRIGGER_INVALID', details: { reason: 'invalid_cron' } } })
    expect(codeOf(await callTool(tools, 'save_trigger', { id: 'nope', name: 'X', type: 'manual', workflowId: 'report' }))).toBe('NOT_FOUND')
    expect(await engine.triggers.list()).toHaveLength(1)
  })

  it('webhook secrets are never shown; sending [redacted] back keeps the stored secret', async () => {
    const { engine, tools } = managedEngine()
    await engine.triggers.save({ name: 'Hook', type: 'webhook', workflowId: 'report', config: { path: 'gh', secret: 's3cret-value' } })
    const listed = okResult(await callTool(tools, 'list_triggers', {}))
    expect(JSON.stringify(listed)).not.toContain('s3cret-value')
    const hook = (listed.triggers as { id: string; config: Record<string, unknown> }[])[0]
    expect(hook.config).toMatchObject({ path: 'gh', secret: '[redacted]' })
    const saved = okResult(await callTool(tools, 'save_trigger', { id: hook.id, name: 'Hook', type: 'webhook', workflowId: 'report', config: { ...hook.config, method: 'POST' } }))
    expect(JSON.stringify(saved)).not.toContain('s3cret-value')
    const stored = await engine.triggers.get(hook.id)
    expect(stored.type === 'webhook' ? stored.config : undefined).toMatchObject({ secret: 's3cret-value', method: 'POST' })
    expect(codeOf(await callTool(tools, 'save_trigger', { name: 'Fresh', type: 'webhook', config: { path: 'x', secret: '[redacted]' } }))).toBe('INVALID_ARGUMENT')
  })

  it('list_triggers filters by workflow, type and enabled', async () => {
    const { engine, tools } = managedEngine()
    await engine.triggers.save({ name: 'A', type: 'manual', workflowId: 'a' })
    await engine.triggers.save({ name: 'B', type: 'manual', workflowId: 'b', enabled: false })
    await engine.triggers.save({ name: 'C', type: 'event', workflowId: 'a', config: { event: 'issue.opened' } })
    const names = async (input: Record<string, unknown>) => (okResult(await callTool(tools, 'list_triggers', input)).triggers as { name: string }[]).map((t) => t.name)
    expect(await names({ workflowId: 'a' })).toEqual(['A', 'C'])
    expect(await names({ type: 'manual' })).toEqual(['A', 'B'])
    expect(await names({ enabled: false })).toEqual(['B'])
  })

  it('run_trigger fires a manual trigger with its payload as variables; delete_trigger removes it', async () => {
    const { engine, tools } = managedEngine()
    await engine.workflows.save({ ...sampleWorkflow('greet'), variables: { who: { type: 'string' } } })
    const trigger = await engine.triggers.save({ name: 'Greet', type: 'manual', workflowId: 'greet' })
    const fired = okResult(await callTool(tools, 'run_trigger', { triggerId: trigger.id, payload: { who: 'Ana' } }))
    expect(fired).toMatchObject({ triggerId: trigger.id, outcome: 'matched', executionId: expect.any(String) })
    expect(await engine.executions.settled(fired.executionId as string)).toMatchObject({ status: 'completed', variables: { who: 'Ana' } })
    expect(codeOf(await callTool(tools, 'run_trigger', { triggerId: 'nope' }))).toBe('NOT_FOUND')

    expect(okResult(await callTool(tools, 'delete_trigger', { triggerId: trigger.id }))).toMatchObject({ deleted: true })
    expect(await engine.triggers.list()).toEqual([])
    expect(codeOf(await callTool(tools, 'delete_trigger', { triggerId: trigger.id }))).toBe('NOT_FOUND')
  })
})
