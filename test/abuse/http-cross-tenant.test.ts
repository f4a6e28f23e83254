/**
 * Cross-tenant access over HTTP (`stepwise/http`): tenant B, authenticated by the host, calls every
 * route of the handler with tenant A's ids. Each answer must be byte for byte the answer for an
 * unknown id (status and body, the id aside); lists and the webhook path show B nothing of A.
 * A route of the table without a case here fails the test.
 */
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createEngine, memoryStorage } from '../../src/index.js'
import { createHandler } from '../../src/http/index.js'
import { ROUTES } from '../../src/http/route-table.js'
import { createTestClock } from '../../src/testing/index.js'
import { githubSignature } from '../triggers/trigger-helpers.js'

type Kind = 'workflow' | 'waiting' | 'done' | 'trigger' | 'proposal'

/** Which of A's ids each `:id` route takes, and the body it sends. */
const ID_ROUTES: Record<string, { kind: Kind; body?: (hash: string) => unknown }> = {
  'GET /workflows/:id': { kind: 'workflow' },
  'DELETE /workflows/:id': { kind: 'workflow' },
  'GET /workflows/:id/history': { kind: 'workflow' },
  'POST /workflows/:id/rollback': { kind: 'workflow', body: (hash) => ({ hash }) },
  'GET /workflows/:id/proposals': { kind: 'workflow' },
  'POST /workflows/:id/proposals': { kind: 'workflow', body: (hash) => ({ baseHash: hash, definition: { id: 'x', steps: [] } }) },
  'GET /executions/:id': { kind: 'done' },
  'GET /executions/:id/steps': { kind: 'done' },
  'POST /executions/:id/cancel': { kind: 'waiting', body: () => ({ reason: 'b' }) },
  'POST /executions/:id/approve': { kind: 'waiting', body: () => ({ approved: true }) },
  'POST /executions/:id/retry-from': { kind: 'done', body: () => ({ stepId: 'gate' }) },
  'GET /executions/:id/approvals': { kind: 'waiting' },
  'GET /executions/:id/events': { kind: 'done' },
  'GET /triggers/:id': { kind: 'trigger' },
  'DELETE /triggers/:id': { kind: 'trigger' },
  'POST /triggers/:id/fire': { kind: 'trigger', body: () => ({ payload: { x: 1 } }) },
  'GET /triggers/:id/deliveries': { kind: 'trigger' },
  'GET /proposals/:id': { kind: 'proposal' },
  'POST /proposals/:id/review': { kind: 'proposal', body: () => ({ approved: true }) },
  'POST /proposals/:id/apply': { kind: 'proposal', body: () => ({}) },
}

/** Routes without an id: lists (must not show A's ids), and creations that name A's objects. */
type Creation = { body: (id: string) => unknown; kind: Kind }
const OTHER_ROUTES: Record<string, Creation | 'list' | 'no tenant data'> = {
  'GET /workflows': 'list',
  'GET /executions': 'list',
  'GET /triggers': 'list',
  'GET /proposals': 'list',
  'POST /executions': { kind: 'workflow', body: (id) => ({ workflow: id }) },
  'POST /triggers': { kind: 'trigger', body: (id) => ({ id, name: 'x', type: 'manual', workflowId: 'flow-gate', config: {} }) },
  'POST /workflows': 'no tenant data', // saves B's own workflow; covered by the engine test
  'POST /workflows/validate': 'no tenant data',
  'POST /workflows/draft': 'no tenant data',
}

describe('cross-tenant access over HTTP', () => {
  it("tenant B gets the unknown-id answer on every route with A's ids, and lists show it none of them", async () => {
    const root = createEngine({ storage: memoryStorage(), clock: createTestClock('2026-02-01T00:00:00.000Z') })
    const a = root.forTenant('tenant-a')
    const handler = createHandler(root, { authorize: (request) => ({ tenantId: request.headers.get('x-tenant') ?? 'none' }), webhookTenant: () => 'tenant-b' })
    const gate = { id: 'flow-gate', constraints: { allowSelfModification: true }, steps: [{ id: 'gate', type: 'approval' }] }
    const saved = await a.workflows.save(gate)
    const waiting = await a.run('flow-gate')
    const done = await a.run({ id: 'flow', steps: [{ id: 'gate', type: 'set', values: { v: '1' } }] })
    const trigger = await a.triggers.save({ name: 'a-hook', type: 'webhook', workflowId: 'flow-gate', config: { path: 'a-hook', secret: 'k' } })
    const proposal = await a.proposals.create({ workflowId: 'flow-gate', baseHash: saved.hash, definition: { ...gate, name: 'proposed' } })
    const ids: Record<Kind, string> = { workflow: 'flow-gate', waiting: waiting.id, done: done.id, trigger: trigger.id, proposal: proposal.id }
    const unknown: Record<Kind, string> = { workflow: 'no-such-workflow', waiting: randomUUID(), done: randomUUID(), trigger: randomUUID(), proposal: randomUUID() }

    const call = async (method: string, path: string, body?: unknown): Promise<string> => {
      const init: RequestInit = { method, headers: { 'x-tenant': 'tenant-b', 'content-type': 'application/json' } }
      if (body !== undefined) init.body = JSON.stringify(body)
      const response = await handler(new Request(`https://host.test${path}`, init))
      return `${response.status} ${await response.text()}`
    }
    const uncovered: string[] = []
    for (const route of ROUTES) {
      const key = `${route.method} ${route.path}`
      const idRoute = ID_ROUTES[key]
      if (idRoute !== undefined) {
        const body = idRoute.body?.(saved.hash)
        const foreign = (await call(route.method, route.path.replace(':id', ids[idRoute.kind]), body)).replaceAll(ids[idRoute.kind], '<id>')
        const expected = (await call(route.method, route.path.replace(':id', unknown[idRoute.kind]), body)).replaceAll(unknown[idRoute.kind], '<id>')
        expect(foreign, key).toBe(expected)
        continue
      }
      const other = OTHER_ROUTES[key]
      if (other === undefined) uncovered.push(key)
      else if (other === 'list') {
        const answer = await call(route.method, route.path)
        expect(answer.slice(0, 3), key).toBe('200')
        for (const id of Object.values(ids)) expect(answer.includes(id), `${key} shows ${id}`).toBe(false)
      } else if (other !== 'no tenant data') {
        const foreign = (await call(route.method, route.path, other.body(ids[other.kind]))).replaceAll(ids[other.kind], '<id>')
        const expected = (await call(route.method, route.path, other.body(unknown[other.kind]))).replaceAll(unknown[other.kind], '<id>')
        expect(foreign, key).toBe(expected)
      }
    }
    expect(uncovered, 'routes without a cross-tenant case').toEqual([])
    // A's webhook path, served for tenant B, is unknown there.
    const body = '{}'
    const hook = await handler(new Request('https://host.test/webhooks/a-hook', { method: 'POST', body, headers: { 'X-Hub-Signature-256': githubSignature('k', body) } }))
    expect(hook.status).toBe(404)
    expect((await a.executions.list()).map((e) => e.status).sort()).toEqual(['completed', 'waiting'])
    expect((await a.proposals.get(proposal.id)).status).toBe('pending')
  })
})
