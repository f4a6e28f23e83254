import { describe, expect, it } from 'vitest'
import type { AuthorizeInfo } from '../../src/http/index.js'
import { ROUTES } from '../../src/http/route-table.js'
import { GATED, authorize, httpSetup, startGated } from './http-helpers.js'

/** A request for a route, with every `:id` replaced by `ids[prefix]` and a body valid enough to pass the shape checks. */
function requestFor(route: (typeof ROUTES)[number], ids: Record<string, string>, token: string | undefined): Request {
  const path = route.path.replace(/^\/(\w+)\/:id/, (_, prefix: string) => `/${prefix}/${encodeURIComponent(ids[prefix] ?? 'x')}`)
  const bodies: Record<string, unknown> = {
    'workflows.save': { definition: GATED },
    'workflows.validate': { definition: GATED },
    'workflows.rollback': { hash: ids.hash },
    'workflows.draft': { prompt: 'x' },
    'executions.start': { workflow: 'gated' },
    'executions.approve': { approved: true },
    'executions.retryFrom': { stepId: 'before' },
    'triggers.save': { name: 'n', type: 'manual', workflowId: 'gated', config: {} },
    'proposals.create': { baseHash: ids.hash, definition: { ...GATED, name: 'changed' } },
    'proposals.review': { approved: true },
  }
  const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` }
  const init: RequestInit = { method: route.method, headers }
  if (route.method === 'POST') init.body = JSON.stringify(bodies[route.operation] ?? {})
  return new Request(`http://stepwise.test/api${path}`, init)
}

describe('authorize on every route', () => {
  it('401 without credentials (and for a throwing authorize, without its message), 403 forbidden, 429 rate limited with Retry-After', async () => {
    const seen: AuthorizeInfo[] = []
    const { handler } = httpSetup({
      authorize: (request, info) => {
        seen.push(info)
        return authorize(request, info)
      },
    })
    expect(ROUTES.length).toBeGreaterThanOrEqual(28)
    for (const route of ROUTES) {
      const label = `${route.method} ${route.path}`
      const none = await handler(requestFor(route, {}, undefined))
      expect([label, none.status, await none.json()]).toEqual([label, 401, { error: { code: 'UNAUTHORIZED', message: 'Missing bearer token.' } }])
      const crash = await handler(requestFor(route, {}, 'crash'))
      expect([label, crash.status, await crash.json()]).toEqual([label, 401, { error: { code: 'UNAUTHORIZED', message: 'Authentication required.' } }])
      const forbidden = await handler(requestFor(route, {}, 'forbidden'))
      expect([label, forbidden.status, ((await forbidden.json()) as { error: { code: string } }).error.code]).toEqual([label, 403, 'FORBIDDEN'])
      const limited = await handler(requestFor(route, {}, 'limited'))
      expect([label, limited.status, limited.headers.get('retry-after')]).toEqual([label, 429, '7'])
    }
    expect(new Set(seen.map((info) => info.operation)).size).toBe(new Set(ROUTES.map((r) => r.operation)).size)
    expect(seen.find((info) => info.operation === 'executions.get')?.params).toEqual({ id: 'x' })
  })

  it('returning nothing is a 401; an authorize without a tenant is a 500 that says nothing about it', async () => {
    const errors: unknown[] = []
    const anonymous = httpSetup({ authorize: () => null })
    expect((await anonymous.handler(new Request('http://x/api/workflows'))).status).toBe(401)
    const broken = httpSetup({ authorize: () => ({ tenantId: '' }), onError: (error) => errors.push(error) })
    const response = await broken.handler(new Request('http://x/api/workflows'))
    expect(response.status).toBe(500)
    expect(await response.json()).toEqual({ error: { code: 'INTERNAL', message: 'Internal server error.' } })
    expect(errors).toHaveLength(1)
  })
})

describe('tenant isolation', () => {
  it("another tenant gets 404 for every route with an id, and sees none of this tenant's data in lists", async () => {
    const { client, clientFor, engine, handler } = httpSetup()
    const executionId = await startGated(client, engine)
    const saved = await client.workflows.get('gated')
    const trigger = await client.triggers.save({ name: 'Hook', type: 'manual', workflowId: 'gated', config: {} })
    await client.workflows.save({ id: 'triage', constraints: { allowSelfModification: true }, steps: [{ id: 'a', type: 'set', values: { n: '1' } }] })
    const triage = await client.workflows.get('triage')
    const proposal = await client.proposals.create('triage', { baseHash: triage.hash, definition: { id: 'triage', constraints: { allowSelfModification: true }, steps: [{ id: 'a', type: 'set', values: { n: '2' } }] } })
    const ids = { workflows: 'gated', executions: executionId, triggers: trigger.id, proposals: proposal.id, hash: saved.hash }

    const withId = ROUTES.filter((route) => route.path.includes(':id'))
    expect(withId.length).toBeGreaterThanOrEqual(19)
    for (const route of withId) {
      const response = await handler(requestFor(route, ids, 'acme:user:eve'))
      const body = (await response.json()) as { error?: { code: string } }
      expect([`${route.method} ${route.path}`, response.status, body.error?.code]).toEqual([`${route.method} ${route.path}`, 404, 'NOT_FOUND'])
    }
    // Starting this tenant's workflow by id from another tenant is unknown too.
    const start = await handler(requestFor(ROUTES.find((r) => r.operation === 'executions.start') ?? ROUTES[0], ids, 'acme'))
    expect(start.status).toBe(404)

    const eve = clientFor('acme:user:eve')
    expect(await eve.workflows.list()).toEqual([])
    expect(await eve.executions.list()).toEqual([])
    expect(await eve.triggers.list()).toEqual([])
    expect(await eve.proposals.list()).toEqual([])
    // Nothing the other tenant tried changed this tenant's data.
    expect((await client.executions.get(executionId)).status).toBe('waiting')
    expect(await client.workflows.get('gated')).toMatchObject({ hash: saved.hash })
    expect(await client.triggers.get(trigger.id)).toMatchObject({ id: trigger.id })
    expect(await client.proposals.get(proposal.id)).toMatchObject({ status: 'pending' })
  })
})
