/**
 * Cross-tenant access on every engine method, on every adapter. Tenant A has workflows,
 * executions (waiting on an approval, waiting on a due timer, completed), triggers, deliveries
 * and a proposal. Tenant B calls every method with A's ids, tokens, paths and names: each answer
 * must be exactly the answer for an unknown id (same code, same message), and A's data must be
 * unchanged afterwards. A method of the engine API without a case here fails the first test.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { createEngine, StepwiseError, type Engine } from '../../src/index.js'
import { createTestClock } from '../../src/testing/index.js'
import { githubSignature, webhookRequest } from '../triggers/trigger-helpers.js'
import { adapterCases } from './adapters.js'

/** A's ids, as B will try them. */
interface ForeignIds {
  workflow: string
  hash: string
  waiting: string
  timer: string
  done: string
  token: string
  trigger: string
  proposal: string
}

type Case = (b: Engine, ids: ForeignIds, unknown: ForeignIds) => Promise<void>

/** What a call did, with the id it was given replaced, so a foreign and an unknown id compare equal. */
async function outcome(call: () => Promise<unknown>, id: string): Promise<string> {
  const text = await call().then(
    (value) => `ok ${JSON.stringify(value)}`,
    (error: unknown) => (StepwiseError.isInstance(error) ? `error ${error.code} ${error.message} ${JSON.stringify(error.details ?? {})}` : `thrown ${String(error)}`),
  )
  return text.replaceAll(id, '<id>')
}

/** `call(foreign)` behaves exactly like `call(unknown)`. */
async function sameAsUnknown(name: string, call: (id: string) => Promise<unknown>, foreign: string, unknown: string): Promise<void> {
  const [seen, expected] = [await outcome(() => call(foreign), foreign), await outcome(() => call(unknown), unknown)]
  expect(seen, `${name} with another tenant's id`).toBe(expected)
}

const drain = async (stream: AsyncIterable<unknown>): Promise<unknown[]> => {
  const items: unknown[] = []
  for await (const item of stream) items.push(item)
  return items
}

const CASES: Record<string, Case> = {
  'workflows.get': (b, ids, u) => sameAsUnknown('workflows.get', (id) => b.workflows.get(id), ids.workflow, u.workflow),
  'workflows.update': (b, ids, u) => sameAsUnknown('workflows.update', (id) => b.workflows.update(id, { name: 'hijacked' }), ids.workflow, u.workflow),
  'workflows.list': async (b, ids) => expect((await b.workflows.list()).map((w) => w.id)).not.toContain(ids.workflow),
  'workflows.history': (b, ids, u) => sameAsUnknown('workflows.history', (id) => b.workflows.history(id), ids.workflow, u.workflow),
  'workflows.rollback': (b, ids, u) => sameAsUnknown('workflows.rollback', (id) => b.workflows.rollback(id, { hash: ids.hash }), ids.workflow, u.workflow),
  'workflows.delete': (b, ids, u) => sameAsUnknown('workflows.delete', (id) => b.workflows.delete(id), ids.workflow, u.workflow),
  'proposals.create': (b, ids, u) => sameAsUnknown('proposals.create', (id) => b.proposals.create({ workflowId: id, baseHash: ids.hash, definition: { id, steps: [] } }), ids.workflow, u.workflow),
  'proposals.list': async (b, ids) => expect((await b.proposals.list()).map((p) => p.id)).not.toContain(ids.proposal),
  'proposals.get': (b, ids, u) => sameAsUnknown('proposals.get', (id) => b.proposals.get(id), ids.proposal, u.proposal),
  'proposals.review': (b, ids, u) => sameAsUnknown('proposals.review', (id) => b.proposals.review(id, { approved: true, by: 'b' }), ids.proposal, u.proposal),
  'proposals.apply': (b, ids, u) => sameAsUnknown('proposals.apply', (id) => b.proposals.apply(id, { by: 'b' }), ids.proposal, u.proposal),
  'executions.get': (b, ids, u) => sameAsUnknown('executions.get', (id) => b.executions.get(id), ids.done, u.done),
  'executions.list': async (b, ids) => expect((await b.executions.list()).map((e) => e.id)).not.toContain(ids.done),
  'executions.steps': (b, ids, u) => sameAsUnknown('executions.steps', (id) => b.executions.steps(id), ids.done, u.done),
  'executions.cancel': (b, ids, u) => sameAsUnknown('executions.cancel', (id) => b.executions.cancel(id, { reason: 'b' }), ids.waiting, u.waiting),
  'executions.retryFrom': (b, ids, u) => sameAsUnknown('executions.retryFrom', (id) => b.executions.retryFrom(id, { stepId: 'gate' }), ids.done, u.done),
  'executions.approve': (b, ids, u) => sameAsUnknown('executions.approve', (id) => b.executions.approve(id, { approved: true, by: 'b' }), ids.waiting, u.waiting),
  'executions.settled': (b, ids, u) => sameAsUnknown('executions.settled', (id) => b.executions.settled(id), ids.waiting, u.waiting),
  'executions.approvals': (b, ids, u) => sameAsUnknown('executions.approvals', (id) => b.executions.approvals(id), ids.waiting, u.waiting),
  'approvals.get': (b, ids, u) => sameAsUnknown('approvals.get', (token) => b.approvals.get(token), ids.token, u.token),
  'approvals.decide': (b, ids, u) => sameAsUnknown('approvals.decide', (token) => b.approvals.decide(token, { approved: true, by: 'b' }), ids.token, u.token),
  'triggers.save': (b, ids, u) => sameAsUnknown('triggers.save', (id) => b.triggers.save({ id, name: 'hijack', type: 'manual', workflowId: ids.workflow, config: {} }), ids.trigger, u.trigger),
  'triggers.list': async (b, ids) => expect((await b.triggers.list()).map((t) => t.id)).not.toContain(ids.trigger),
  'triggers.get': (b, ids, u) => sameAsUnknown('triggers.get', (id) => b.triggers.get(id), ids.trigger, u.trigger),
  'triggers.remove': (b, ids, u) => sameAsUnknown('triggers.remove', (id) => b.triggers.remove(id), ids.trigger, u.trigger),
  'triggers.enable': (b, ids, u) => sameAsUnknown('triggers.enable', (id) => b.triggers.enable(id), ids.trigger, u.trigger),
  'triggers.disable': (b, ids, u) => sameAsUnknown('triggers.disable', (id) => b.triggers.disable(id), ids.trigger, u.trigger),
  'triggers.fire': (b, ids, u) => sameAsUnknown('triggers.fire', (id) => b.triggers.fire(id, { x: 1 }), ids.trigger, u.trigger),
  'triggers.deliveries': (b, ids, u) => sameAsUnknown('triggers.deliveries', (id) => b.triggers.deliveries(id), ids.trigger, u.trigger),
  handleWebhook: async (b) => {
    const body = JSON.stringify({ x: 1 })
    const post = async (path: string): Promise<unknown> => {
      const response = await b.handleWebhook(webhookRequest(path, body, { 'X-Hub-Signature-256': githubSignature('a-secret', body) }))
      return { status: response.status, body: await response.text() }
    }
    await sameAsUnknown('handleWebhook', post, 'a-hook', 'no-such-hook')
  },
  emit: (b) => sameAsUnknown('emit', (name) => b.emit(name, { x: 1 }), 'a-event', 'no-such-event'),
  start: (b, ids, u) => sameAsUnknown('start', (id) => b.start(id), ids.workflow, u.workflow),
  run: (b, ids, u) => sameAsUnknown('run', (id) => b.run(id), ids.workflow, u.workflow),
  events: (b, ids, u) => sameAsUnknown('events', (id) => drain(b.events(id)), ids.done, u.done),
  tick: async (b) => {
    const result = await b.tick()
    expect(result.resumed, "B's tick resumes none of A's due executions").toBe(0)
  },
  startWorker: async (b) => {
    const worker = b.startWorker({ pollMs: 10 })
    await new Promise((resolve) => setTimeout(resolve, 100))
    await worker.stop()
  },
  // Last: B saving a workflow under A's id makes B's own (A's keeps its two versions).
  'workflows.save': async (b, ids) => {
    await b.workflows.save({ id: ids.workflow, steps: [{ id: 'mine', type: 'set', values: { v: '"b"' } }] })
    expect((await b.workflows.history(ids.workflow)).map((v) => v.version)).toEqual([1])
  },
}

/** Members that take no tenant data, with the reason. */
const NOT_TENANT_DATA: Record<string, string> = {
  'workflows.validate': 'reads no storage',
  on: "the host's own hook: it sees every tenant's events by design (docs/engine.md)",
  close: 'stops the engine instance, whatever the tenant',
  forTenant: 'chooses the tenant; every case above runs through it',
}

/** Every method of an engine API, as dotted paths. */
function methods(engine: Engine): string[] {
  const paths: string[] = []
  const walk = (object: Record<string, unknown>, prefix: string): void => {
    for (const key of Object.keys(object)) {
      const value = object[key]
      if (typeof value === 'function') paths.push(prefix + key)
      else if (typeof value === 'object' && value !== null) walk(value as Record<string, unknown>, `${prefix}${key}.`)
    }
  }
  walk(engine as unknown as Record<string, unknown>, '')
  return paths.sort()
}

describe('cross-tenant access', () => {
  it('every method of the engine API has a cross-tenant case (or takes no tenant data)', () => {
    const missing = methods(createEngine()).filter((path) => CASES[path] === undefined && NOT_TENANT_DATA[path] === undefined)
    expect(missing, 'add a case to test/abuse/cross-tenant.test.ts for').toEqual([])
  })

  for (const adapter of adapterCases()) {
    describe(`${adapter.name} storage`, () => {
      afterAll(() => adapter.dispose())

      it("tenant B gets the unknown-id answer for every one of A's ids, and A's data is unchanged", async () => {
        const clock = createTestClock('2026-02-01T00:00:00.000Z')
        const storage = adapter.create()
        const root = createEngine({ storage, clock })
        const a = root.forTenant('tenant-a')
        const b = root.forTenant('tenant-b')
        const gate = { id: 'flow-gate', constraints: { allowSelfModification: true }, steps: [{ id: 'gate', type: 'approval' }, { id: 'after', type: 'set', values: { v: '1' } }] }
        const saved = await a.workflows.save(gate)
        await a.workflows.save({ id: 'flow-gate', name: 'second version', constraints: { allowSelfModification: true }, steps: gate.steps })
        const waiting = await a.run('flow-gate')
        const done = await a.run({ id: 'flow', steps: [{ id: 'gate', type: 'set', values: { v: '1' } }] })
        // Parked by another instance (whose clock stays put), so no wake timer here resumes it: it is
        // due for this instance once its clock moves, and only a tick of tenant A may resume it.
        const parker = createEngine({ storage, clock: createTestClock('2026-02-01T00:00:00.000Z'), tenantId: 'tenant-a' })
        const timer = await parker.run({ id: 'flow-timer', steps: [{ id: 'nap', type: 'wait', durationMs: 60_000 }] })
        clock.advance(61_000)
        const trigger = await a.triggers.save({ name: 'a-manual', type: 'manual', workflowId: 'flow-gate', config: {} })
        await a.triggers.save({ name: 'a-hook', type: 'webhook', workflowId: 'flow', config: { path: 'a-hook', secret: 'a-secret' } })
        await a.triggers.save({ name: 'a-event', type: 'event', workflowId: 'flow', config: { event: 'a-event' } })
        const head = await a.workflows.get('flow-gate')
        const proposal = await a.proposals.create({ workflowId: 'flow-gate', baseHash: head.hash, definition: { ...head.definition, name: 'proposed' } })
        const token = (await a.executions.approvals(waiting.id))[0].token
        const ids: ForeignIds = { workflow: 'flow-gate', hash: saved.hash, waiting: waiting.id, timer: timer.id, done: done.id, token, trigger: trigger.id, proposal: proposal.id }
        const unknown: ForeignIds = { workflow: 'flow-unknown', hash: saved.hash, waiting: randomUUID(), timer: randomUUID(), done: randomUUID(), token: `apr_${randomUUID()}`, trigger: randomUUID(), proposal: randomUUID() }

        const snapshotA = async (): Promise<string> => {
          const executions = await a.executions.list()
          const parts: unknown[] = [executions, await a.workflows.list(), await a.workflows.history('flow-gate'), await a.triggers.list(), await a.proposals.list()]
          for (const execution of executions) parts.push(await a.executions.steps(execution.id), await a.executions.approvals(execution.id))
          for (const t of await a.triggers.list()) parts.push(await a.triggers.deliveries(t.id))
          return JSON.stringify(parts)
        }
        const before = await snapshotA()
        for (const [name, run] of Object.entries(CASES)) {
          await run(b, ids, unknown).catch((error: unknown) => {
            throw new Error(`${name}: ${String(error)}`, { cause: error })
          })
        }
        expect(await snapshotA(), "A's data after B's attempts").toBe(before)
        expect((await a.tick()).resumed, "A's own tick still finds its due timer").toBeGreaterThanOrEqual(1)
        expect((await a.executions.settled(timer.id)).status).toBe('completed')
        await root.close({ graceMs: 1_000 })
      })
    })
  }
})
