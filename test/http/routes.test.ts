import { describe, expect, it } from 'vitest'
import { createHandler } from '../../src/http/index.js'
import { collectEvents } from '../helpers.js'
import { GATED, QUICK, httpSetup } from './http-helpers.js'

describe('stepwise/http routes through the client', () => {
  it('workflows: save, validate, get, list, history, rollback, delete', async () => {
    const { client, engine } = httpSetup()
    const first = await client.workflows.save(QUICK, { notes: 'first' })
    expect(first).toMatchObject({ id: 'quick', version: 1, changed: true })
    const second = await client.workflows.save({ ...QUICK, name: 'Quick' })
    expect(second).toMatchObject({ version: 2, changed: true })

    expect(await client.workflows.validate(QUICK)).toMatchObject({ ok: true })
    const invalid = await client.workflows.validate({ id: 'x', steps: [{ id: 'a', type: 'agent' }] })
    expect(invalid.ok).toBe(false)

    const saved = await client.workflows.get('quick')
    expect(saved).toMatchObject({ id: 'quick', version: 2, name: 'Quick' })
    expect(saved.definition.steps).toHaveLength(2)
    expect((await client.workflows.list()).map((w) => w.id)).toEqual(['quick'])

    const history = await client.workflows.history('quick')
    expect(history.map((v) => v.version)).toEqual([2, 1])
    // The authorized actor is the author; the body cannot choose another.
    expect(history[1]).toMatchObject({ author: 'user:ana', notes: 'first' })

    const rolled = await client.workflows.rollback('quick', { hash: first.hash, notes: 'back' })
    expect(rolled).toMatchObject({ hash: first.hash, changed: true })
    expect((await engine.workflows.history('quick'))[0]).toMatchObject({ source: 'rollback', author: 'user:ana', notes: 'back' })

    expect(await client.workflows.delete('quick')).toBe(true)
    await expect(client.workflows.get('quick')).rejects.toMatchObject({ name: 'StepwiseError', code: 'NOT_FOUND' })
  })

  it('executions: start, get, list, steps, approvals, approve, cancel, retry-from', async () => {
    const { client, engine, effect } = httpSetup()
    await client.workflows.save(GATED)
    const started = await client.executions.start('gated', { variables: { env: 'prod' }, idempotencyKey: 'k1' })
    expect(started).toMatchObject({ workflowId: 'gated', status: 'pending', variables: { env: 'prod' } })
    expect((await client.executions.start('gated', { idempotencyKey: 'k1' })).id).toBe(started.id)
    const waiting = await engine.executions.settled(started.id)
    expect(waiting.status).toBe('waiting')

    expect(await client.executions.get(started.id)).toMatchObject({ id: started.id, status: 'waiting', waitingFor: { kind: 'approval', prompt: 'Deploy prod?' } })
    expect((await client.executions.list({ workflowId: 'gated', status: ['waiting'] })).map((e) => e.id)).toEqual([started.id])
    expect(await client.executions.list({ status: 'completed' })).toEqual([])
    expect((await client.executions.steps(started.id)).map((s) => [s.stepId, s.status])).toEqual([
      ['before', 'completed'],
      ['gate', 'waiting'],
    ])
    expect(await client.executions.approvals(started.id)).toMatchObject([{ stepId: 'gate', status: 'pending' }])

    const decision = await client.executions.approve(started.id, { approved: true, comment: 'ship it' })
    expect(decision).toMatchObject({ approved: true, decision: 'approved', by: 'user:ana', comment: 'ship it' })
    expect((await engine.executions.settled(started.id)).status).toBe('completed')
    expect(effect.calls.map((c) => c.input.n)).toEqual([1, 2])

    const retry = await client.executions.retryFrom(started.id, { stepId: 'after' })
    expect(retry).toMatchObject({ retryOf: { executionId: started.id, stepId: 'after' } })
    expect((await engine.executions.settled(retry.id)).status).toBe('completed')

    const other = await client.executions.start(GATED)
    await engine.executions.settled(other.id)
    const cancelled = await client.executions.cancel(other.id, { reason: 'changed my mind' })
    expect(cancelled).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED', reason: 'changed my mind' } })
    expect((await collectEvents(engine, other.id)).at(-1)?.type).toBe('execution.cancelled')
  })

  it('triggers: save, list, get, fire, deliveries, remove; webhooks reach engine.handleWebhook without authorize', async () => {
    const { client, handler } = httpSetup()
    await client.workflows.save(QUICK)
    const manual = await client.triggers.save({ name: 'Run quick', type: 'manual', workflowId: 'quick', config: {} })
    const hook = await client.triggers.save({ name: 'Hook', type: 'webhook', workflowId: 'quick', config: { path: 'github/push' } })
    expect((await client.triggers.list()).map((t) => t.name)).toEqual(['Hook', 'Run quick'])
    expect((await client.triggers.list({ type: 'manual', enabled: true })).map((t) => t.id)).toEqual([manual.id])
    expect(await client.triggers.get(hook.id)).toMatchObject({ id: hook.id, type: 'webhook' })

    const fired = await client.triggers.fire(manual.id, { who: 'ana' })
    expect(fired).toMatchObject({ outcome: 'matched', executionId: expect.any(String) })
    const page = await client.triggers.deliveries(manual.id, { limit: 5 })
    expect(page.deliveries).toMatchObject([{ outcome: 'matched', executionId: fired.executionId }])
    expect(page.hasMore).toBe(false)

    const webhook = await handler(new Request('http://stepwise.test/api/webhooks/github/push', { method: 'POST', body: '{"ref":"main"}', headers: { 'x-request-id': 'd1' } }))
    expect(webhook.status).toBe(202)
    expect(await webhook.json()).toMatchObject({ executionId: expect.any(String) })

    expect(await client.triggers.remove(manual.id)).toBe(true)
    await expect(client.triggers.get(manual.id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('webhook secrets are write-only: responses show [redacted]; saving [redacted] keeps the stored secret', async () => {
    const { client, engine } = httpSetup()
    await client.workflows.save(QUICK)
    const saved = await client.triggers.save({ name: 'Signed', type: 'webhook', workflowId: 'quick', config: { path: 'signed', secret: 's3cret' } })
    expect(saved.config).toMatchObject({ secret: '[redacted]' })
    expect((await client.triggers.get(saved.id)).config).toMatchObject({ secret: '[redacted]' })
    expect(JSON.stringify(await client.triggers.list())).not.toContain('s3cret')
    await client.triggers.save({ name: 'Signed', type: 'webhook', workflowId: 'quick', enabled: false, config: { path: 'signed', secret: '[redacted]' } })
    const stored = await engine.triggers.get(saved.id)
    expect(stored).toMatchObject({ enabled: false, config: { secret: 's3cret' } })
    await expect(client.triggers.save({ name: 'New', type: 'webhook', workflowId: 'quick', config: { path: 'new', secret: '[redacted]' } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
  })

  it('webhooks use webhookTenant when given, else the engine tenant', async () => {
    const { engine } = httpSetup()
    const acme = engine.forTenant('acme')
    await acme.workflows.save(QUICK)
    await acme.triggers.save({ name: 'Hook', type: 'webhook', workflowId: 'quick', config: { path: 'in' } })
    const send = (h: (r: Request) => Promise<Response>) => h(new Request('http://x/webhooks/in', { method: 'POST', body: '{}' }))
    const byDefault = createHandler(engine, { authorize: () => ({ tenantId: 'default' }) })
    expect((await send(byDefault)).status).toBe(404)
    const byHeader = createHandler(engine, { authorize: () => ({ tenantId: 'default' }), webhookTenant: () => 'acme' })
    expect((await send(byHeader)).status).toBe(202)
  })

  it('draft calls the configured callback with the body and the caller; 501 without one', async () => {
    const seen: unknown[] = []
    const { client } = httpSetup({
      draft: (input, context) => {
        seen.push({ input, tenantId: context.tenantId, actor: context.actor, engineTenant: context.engine.tenantId })
        return { ok: true, workflow: { id: 'drafted', steps: [] } }
      },
    })
    expect(await client.draft({ prompt: 'triage issues', stepIds: ['a'], instruction: 'split it' })).toEqual({ ok: true, workflow: { id: 'drafted', steps: [] } })
    expect(seen).toEqual([{ input: { prompt: 'triage issues', stepIds: ['a'], instruction: 'split it' }, tenantId: 'default', actor: 'user:ana', engineTenant: 'default' }])
    await expect(client.draft({ prompt: '' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    await expect(client.draft({ prompt: 'x', instruction: 42 as unknown as string })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    expect(seen).toHaveLength(1)

    const bare = httpSetup()
    await expect(bare.client.draft({ prompt: 'x' })).rejects.toMatchObject({ code: 'CONFIGURATION_INVALID' })
    const raw = await bare.handler(new Request('http://x/api/workflows/draft', { method: 'POST', body: '{"prompt":"x"}', headers: { authorization: 'Bearer default' } }))
    expect(raw.status).toBe(501)
  })

  it('proposals: create, list (all and per workflow), get, review, apply; the actor is author, reviewer and applier', async () => {
    const { client, clientFor, engine } = httpSetup()
    const doc = (n: number) => ({ id: 'triage', constraints: { allowSelfModification: true }, steps: [{ id: 'count', type: 'set', values: { n: String(n) } }] })
    const base = await client.workflows.save(doc(1))
    const agent = clientFor('default:agent:triage')
    const created = await agent.proposals.create('triage', { baseHash: base.hash, definition: doc(2), notes: 'count twice' })
    expect(created).toMatchObject({ workflowId: 'triage', status: 'pending', author: 'agent:triage', notes: 'count twice' })
    expect((await client.proposals.list()).map((p) => p.id)).toEqual([created.id])
    expect((await client.proposals.list({ workflowId: 'triage', status: 'pending' })).map((p) => p.id)).toEqual([created.id])
    expect(await client.proposals.list({ status: 'applied' })).toEqual([])
    expect(await client.proposals.get(created.id)).toMatchObject({ id: created.id, diff: expect.stringContaining('"n": "2"') })

    const reviewed = await client.proposals.review(created.id, { approved: true, notes: 'ok' })
    expect(reviewed.review).toMatchObject({ approved: true, by: 'user:ana', notes: 'ok' })
    const applied = await client.proposals.apply(created.id)
    expect(applied).toMatchObject({ alreadyApplied: false, proposal: { status: 'applied', appliedBy: 'user:ana' }, before: { hash: base.hash } })
    expect((await engine.workflows.history('triage'))[0]).toMatchObject({ source: 'proposal' })
    expect((await client.proposals.apply(created.id)).alreadyApplied).toBe(true)

    const stale = client.proposals.create('triage', { baseHash: base.hash, definition: doc(3) })
    await expect(stale).rejects.toMatchObject({ code: 'PROPOSAL_STALE' })
  })
})
