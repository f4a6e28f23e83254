import { describe, expect, it } from 'vitest'
import { createEngine, memoryStorage, StepwiseError, type StorageAdapterV1 } from '../../src/index.js'
import { createTestClock } from '../../src/testing/index.js'
import { triggerEngine } from './trigger-helpers.js'

async function invalid(promise: Promise<unknown>): Promise<{ reason: unknown; message: string }> {
  try {
    await promise
  } catch (error) {
    if (StepwiseError.isInstance(error) && error.code === 'TRIGGER_INVALID') return { reason: error.details?.reason, message: error.message }
    throw error
  }
  throw new Error('expected TRIGGER_INVALID')
}

describe('trigger records', () => {
  it('save returns the record; get, list, enable, disable and remove work on it', async () => {
    const { engine } = await triggerEngine()
    const saved = await engine.triggers.save({ name: 'Nightly', type: 'schedule', workflowId: 'echo', config: { cron: '0 2 * * *', timezone: 'Europe/Berlin' } })
    expect(saved).toMatchObject({ name: 'Nightly', type: 'schedule', workflowId: 'echo', enabled: true, config: { cron: '0 2 * * *', timezone: 'Europe/Berlin' } })
    expect(saved.id).toEqual(expect.any(String))
    expect(await engine.triggers.get(saved.id)).toEqual(saved)
    expect(await engine.triggers.list()).toEqual([saved])
    expect((await engine.triggers.disable(saved.id)).enabled).toBe(false)
    expect(await engine.triggers.list({ enabled: true })).toEqual([])
    expect((await engine.triggers.enable(saved.id)).enabled).toBe(true)
    expect(await engine.triggers.remove(saved.id)).toBe(true)
    expect(await engine.triggers.remove(saved.id)).toBe(false)
    await expect(engine.triggers.get(saved.id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('upserts by name case-insensitively, keeping id and createdAt', async () => {
    const { engine, clock } = await triggerEngine()
    const first = await engine.triggers.save({ name: 'Deploy hook', type: 'webhook', workflowId: 'echo', config: { path: '/deploy/' } })
    expect(first.config).toMatchObject({ path: 'deploy' })
    expect(first.webhookPath).toBe('deploy')
    clock.advance(60_000)
    const second = await engine.triggers.save({ name: 'DEPLOY HOOK', type: 'webhook', workflowId: 'echo', enabled: false, config: { path: 'deploy', method: 'put' as 'PUT' } })
    expect(second).toMatchObject({ id: first.id, name: 'DEPLOY HOOK', createdAt: first.createdAt, enabled: false, config: { method: 'PUT' } })
    expect(second.updatedAt > first.updatedAt).toBe(true)
    expect(await engine.triggers.list()).toHaveLength(1)
  })

  it('updates by id (rename), rejecting a name taken by another trigger', async () => {
    const { engine } = await triggerEngine()
    const a = await engine.triggers.save({ name: 'a', type: 'manual', workflowId: 'echo' })
    await engine.triggers.save({ name: 'b', type: 'manual', workflowId: 'echo' })
    expect(await engine.triggers.save({ id: a.id, name: 'a2', type: 'event', workflowId: 'echo', config: { event: 'x' } })).toMatchObject({ id: a.id, name: 'a2', type: 'event' })
    expect((await invalid(engine.triggers.save({ id: a.id, name: 'B', type: 'manual', workflowId: 'echo' }))).reason).toBe('duplicate_name')
    await expect(engine.triggers.save({ id: 'nope', name: 'c', type: 'manual', workflowId: 'echo' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('validates at save: cron, timezone, webhook path (unique per tenant), expressions, reserved variables, workflow', async () => {
    const { engine } = await triggerEngine()
    const cases: [unknown, string][] = [
      [{ name: 'x', type: 'schedule', workflowId: 'echo', config: { cron: '* * * *' } }, 'invalid_cron'],
      [{ name: 'x', type: 'schedule', workflowId: 'echo', config: { cron: '61 * * * *' } }, 'invalid_cron'],
      [{ name: 'x', type: 'schedule', workflowId: 'echo', config: { cron: '0 0 0 * * * *' } }, 'invalid_cron'],
      [{ name: 'x', type: 'schedule', workflowId: 'echo', config: { cron: '@sometimes' } }, 'invalid_cron'],
      [{ name: 'x', type: 'schedule', workflowId: 'echo', config: { cron: '0 9 * * *', timezone: 'Mars/Olympus' } }, 'invalid_timezone'],
      [{ name: 'x', type: 'schedule', workflowId: 'echo', config: { cron: '0 9 * * *', catchUp: 'never' } }, 'invalid_config'],
      [{ name: 'x', type: 'schedule', config: { cron: '0 9 * * *' } }, 'missing_workflow'],
      [{ name: 'x', type: 'webhook', workflowId: 'echo', config: { path: '../etc' } }, 'invalid_webhook_path'],
      [{ name: 'x', type: 'webhook', workflowId: 'echo', config: { path: 'a', variableMapping: { a: 'x && y' } } }, 'invalid_expression'],
      [{ name: 'x', type: 'webhook', workflowId: 'echo', config: { path: 'a', variableMapping: { _payload: 'x' } } }, 'reserved_variable'],
      [{ name: 'x', type: 'event', workflowId: 'echo', config: { event: 'e', filter: '$eval("1")' } }, 'invalid_expression'],
      [{ name: 'x', type: 'manual', workflowId: 'echo', config: { variables: { _trigger: 1 } } }, 'reserved_variable'],
      [{ name: 'x', type: 'manual', workflowId: 'echo', config: { unknown: 1 } }, 'invalid_config'],
      [{ name: ' ', type: 'manual', workflowId: 'echo' }, 'invalid_name'],
      [{ name: 'x', type: 'cron', workflowId: 'echo' }, 'invalid_config'],
    ]
    for (const [input, reason] of cases) expect({ input, reason: (await invalid(engine.triggers.save(input as never))).reason }).toEqual({ input, reason })
    // Valid cron forms: 5 or 6 fields, names, L, #, aliases.
    for (const cron of ['0 9 * * MON-FRI', '*/15 * * * * *', '0 0 L * *', '0 0 * * 1#1', '@daily', '0 0 1 JAN,JUL *']) {
      await engine.triggers.save({ name: `ok ${cron}`, type: 'schedule', workflowId: 'echo', config: { cron } })
    }
    await engine.triggers.save({ name: 'hook', type: 'webhook', workflowId: 'echo', config: { path: 'shared/path' } })
    const clash = await invalid(engine.triggers.save({ name: 'hook 2', type: 'webhook', workflowId: 'echo', config: { path: '/shared/path' } }))
    expect(clash.reason).toBe('duplicate_webhook_path')
    // Another tenant may use the same path.
    await engine.forTenant('other').triggers.save({ name: 'hook', type: 'webhook', workflowId: 'echo', config: { path: 'shared/path' } })
    // A trigger may name a workflow that does not exist yet.
    expect((await engine.triggers.save({ name: 'later', type: 'manual', workflowId: 'not-yet' })).workflowId).toBe('not-yet')
    // A prompt schedule needs no workflow.
    expect((await engine.triggers.save({ name: 'brief', type: 'schedule', config: { cron: '0 8 * * *', target: { prompt: 'Morning brief' } } })).workflowId).toBeUndefined()
  })

  it('tenants never see each other’s triggers', async () => {
    const { engine } = await triggerEngine()
    const mine = await engine.triggers.save({ name: 'mine', type: 'manual', workflowId: 'echo' })
    const other = engine.forTenant('other')
    expect(await other.triggers.list()).toEqual([])
    await expect(other.triggers.get(mine.id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(other.triggers.fire(mine.id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(other.triggers.deliveries(mine.id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(await other.triggers.remove(mine.id)).toBe(false)
    expect((await other.triggers.save({ name: 'MINE', type: 'manual', workflowId: 'echo' })).id).not.toBe(mine.id)
  })

  it('throws CONFIGURATION_INVALID from trigger APIs when the storage lacks trigger storage; tick still works', async () => {
    const full = memoryStorage()
    // An adapter implementing only StorageAdapterV1 (like one written before triggers existed).
    const bare: StorageAdapterV1 = new Proxy(full, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /Trigger|ScheduleTick|Deliver/.test(key)) return undefined
        const value = Reflect.get(target, key, receiver) as unknown
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
      },
    })
    const engine = createEngine({ storage: bare, clock: createTestClock() })
    await expect(engine.triggers.list()).rejects.toMatchObject({ code: 'CONFIGURATION_INVALID' })
    await expect(engine.emit('x', {})).rejects.toMatchObject({ code: 'CONFIGURATION_INVALID' })
    const response = await engine.handleWebhook(new Request('https://h/webhooks/a', { method: 'POST', body: '{}' }))
    expect(response.status).toBe(500)
    expect(await response.json()).toMatchObject({ error: { code: 'CONFIGURATION_INVALID' } })
    expect(await engine.tick()).toEqual({ resumed: 0, scheduled: 0 })
  })

  it('rejects invalid engine options', () => {
    expect(() => createEngine({ webhookMaxBodyBytes: 0 })).toThrow(/webhookMaxBodyBytes/)
    expect(() => createEngine({ scheduleGraceMs: -1 })).toThrow(/scheduleGraceMs/)
  })
})
