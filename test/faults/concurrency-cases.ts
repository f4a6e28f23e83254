/**
 * Concurrency faults every multi-instance storage must survive, run against memory storage and
 * PostgreSQL by concurrency-faults.test.ts: duplicate webhook deliveries across instances, five
 * instances with skewed clocks ticking one minutely schedule, fifty concurrent decisions on one
 * approval. `instances(clocks)` returns one engine per clock on a shared database.
 */
import { expect, it } from 'vitest'
import { StepwiseError, type Engine, type StorageAdapterV1 } from '../../src/index.js'
import { createTestClock, type TestClock } from '../../src/testing/index.js'
import { waitUntil } from '../crash/harness.js'
import { ECHO, githubSignature, webhookRequest } from '../triggers/trigger-helpers.js'
import { reportFaults, size, testSeed, type Rng } from './fault-config.js'
import { allExecutionIds, checkExecutions } from './invariants.js'

/** Engines on one shared database, one per clock, and an adapter to read it with. */
export type Instances = (clocks: TestClock[], tenantId: string) => { engines: Engine[]; storage: StorageAdapterV1 }

const T0 = Date.parse('2026-03-01T00:00:00.000Z')

function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i)
    ;[items[i], items[j]] = [items[j], items[i]]
  }
  return items
}

/**
 * Waits until every execution of the tenant is terminal, or waiting with nobody resuming it: no
 * lease held (a resume claims before it writes) and no wake due (a decided approval is due at once).
 */
async function settledAll(storage: StorageAdapterV1, tenant: string, count: number): Promise<string[]> {
  let ids: string[] = []
  await waitUntil(
    async () => {
      ids = await allExecutionIds(storage, tenant)
      const open = await storage.listExecutions(tenant, { status: ['pending', 'running', 'waiting'], limit: 500 })
      const active = open.filter((e) => e.status !== 'waiting' || e.leaseOwner != null || (e.wakeAt != null && e.wakeAt <= Date.now()))
      return ids.length >= count && active.length === 0
    },
    60_000,
    `${count} executions to settle`,
  )
  return ids
}

/** Registers the cases; `name` tells the adapter apart in reports. */
export function concurrencyFaultCases(name: string, instances: Instances): void {
  it('duplicate webhook deliveries under concurrency: each delivery id makes one execution, every copy answers with it', async () => {
    const rng = testSeed(`webhooks-${name}`)
    const { engines, storage } = instances([0, 1, 2].map(() => createTestClock(T0)), `hooks-${name}`)
    await engines[0].workflows.save(ECHO)
    await engines[1].triggers.save({ name: 'hook', type: 'webhook', workflowId: 'echo', config: { path: 'hook', secret: 'k' } })
    const deliveries = size(30, 300)
    const copies = 10
    const requests: { delivery: number; forged: boolean }[] = []
    for (let d = 0; d < deliveries; d++) {
      for (let c = 0; c < copies; c++) requests.push({ delivery: d, forged: false })
      requests.push({ delivery: d, forged: true })
    }
    const responses = await Promise.all(
      shuffle(rng, requests).map(async (request) => {
        const body = JSON.stringify({ n: request.delivery })
        const signature = githubSignature(request.forged ? 'wrong' : 'k', body)
        const response = await rng.pick(engines).handleWebhook(webhookRequest('hook', body, { 'X-Hub-Signature-256': signature, 'X-GitHub-Delivery': `d-${request.delivery}` }))
        return { ...request, status: response.status, body: (await response.json()) as { executionId?: string; duplicate?: boolean } }
      }),
    )
    const ids = await settledAll(storage, engines[0].tenantId, deliveries)
    for (let d = 0; d < deliveries; d++) {
      const mine = responses.filter((r) => r.delivery === d)
      expect(mine.filter((r) => r.forged).map((r) => r.status), `forged copy of d-${d}`).toEqual([401])
      const genuine = mine.filter((r) => !r.forged)
      expect(genuine.map((r) => r.status).sort(), `statuses of d-${d}`).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 202])
      expect(new Set(genuine.map((r) => r.body.executionId)).size, `executions of d-${d}`).toBe(1)
    }
    const byDelivery = new Set<unknown>()
    for (const id of ids) byDelivery.add((await storage.getExecution(engines[0].tenantId, id))?.trigger?.deliveryId)
    expect(byDelivery.size).toBe(deliveries)
    const summary = await checkExecutions(storage, engines[0].tenantId, ids, { completed: deliveries })
    reportFaults({ scenario: `webhook-duplicates-${name}`, faults: { 'duplicate-delivery': deliveries * (copies - 1), 'forged-delivery': deliveries }, executions: summary.executions, lost: 0, doubleCommits: 0 })
  }, size(60_000, 600_000))

  it('five instances with clocks skewed by up to ±30 s tick one minutely schedule: exactly one execution per tick, none missed', async () => {
    const rng = testSeed(`schedule-${name}`)
    const skews = shuffle(rng, [-30_000, -15_000, 0, 15_000, 30_000].map((s) => s - Math.sign(s) * rng.int(0, 999)))
    const clocks = skews.map((skew) => createTestClock(T0 + skew))
    const { engines, storage } = instances(clocks, `cron-${name}`)
    await engines[0].workflows.save(ECHO)
    // Saved by the instance furthest ahead (T0 + ~30 s): the first tick is T0 + 1 min.
    const ahead = skews.indexOf(Math.max(...skews))
    const trigger = await engines[ahead].triggers.save({ name: 'minutely', type: 'schedule', workflowId: 'echo', config: { cron: '* * * * *' } })
    const minutes = name === 'memory' ? 1_000 : size(60, 1_000)
    let ticks = 0
    for (let m = 1; m <= minutes; m++) {
      // Up to 20 s into the minute: the instances ahead see tick m due, those behind may not yet.
      const base = T0 + m * 60_000 + rng.int(0, 20_000)
      clocks.forEach((clock, i) => clock.set(base + skews[i]))
      // Every instance ticks, in random order, some twice.
      const order = shuffle(rng, [0, 1, 2, 3, 4, rng.int(0, 4)])
      ticks += order.length
      await Promise.all(order.map((i) => engines[i].tick()))
    }
    const ids = await settledAll(storage, engines[0].tenantId, minutes)
    const runs = new Map<string, number>()
    for (const id of ids) {
      const tick = String((await storage.getExecution(engines[0].tenantId, id))?.trigger?.tick)
      runs.set(tick, (runs.get(tick) ?? 0) + 1)
    }
    const expected = Array.from({ length: minutes }, (_, i) => new Date(T0 + (i + 1) * 60_000).toISOString())
    expect([...runs.entries()].filter(([, n]) => n > 1), 'ticks run twice').toEqual([])
    expect(expected.filter((tick) => !runs.has(tick)), 'ticks missed').toEqual([])
    expect([...runs.keys()].sort()).toEqual(expected)
    expect((await engines[3].triggers.get(trigger.id)).scheduledThrough).toBe(expected.at(-1))
    const summary = await checkExecutions(storage, engines[0].tenantId, ids, { completed: minutes })
    reportFaults({ scenario: `schedule-skew-${name}`, faults: { 'competing-tick': ticks - minutes }, executions: summary.executions, lost: 0, doubleCommits: 0, notes: `${minutes} minutes, skews ${skews.join('/')} ms` })
  }, size(120_000, 900_000))

  it('fifty concurrent decisions on one approval: the first wins, every other caller gets it back or APPROVAL_ALREADY_DECIDED, the run resumes once', async () => {
    const rng = testSeed(`approvals-${name}`)
    const { engines, storage } = instances([0, 1, 2].map(() => createTestClock(T0)), `approve-${name}`)
    const tenant = engines[0].tenantId
    await engines[0].workflows.save({ id: 'gate', steps: [{ id: 'ok', type: 'approval' }, { id: 'after', type: 'set', values: { done: 'true' } }] })
    const count = size(10, 100)
    const started = await Promise.all(Array.from({ length: count }, (_, i) => engines[i % 3].start('gate')))
    await waitUntil(async () => (await storage.listExecutions(tenant, { status: 'waiting', limit: 500 })).length === count, 30_000, 'approvals to wait')
    const decisions = await Promise.all(
      started.flatMap((execution) =>
        Array.from({ length: 50 }, async () => {
          const engine = rng.pick(engines)
          const input = { approved: rng.next() < 0.5, by: rng.pick(['alice', 'bob', 'carol']) }
          const viaToken = rng.next() < 0.2
          const token = viaToken ? (await engine.executions.approvals(execution.id))[0].token : ''
          try {
            const decision = viaToken ? await engine.approvals.decide(token, input) : await engine.executions.approve(execution.id, input)
            return { id: execution.id, input, decision, code: undefined }
          } catch (error) {
            if (!StepwiseError.isInstance(error)) throw error
            return { id: execution.id, input, decision: undefined, code: error.code }
          }
        }),
      ),
    )
    const ids = await settledAll(storage, tenant, count)
    let approved = 0
    for (const execution of started) {
      const [approval] = await storage.listApprovals(tenant, execution.id)
      const winner = approval.decision
      expect(approval.status, `approval of ${execution.id}`).not.toBe('pending')
      approved += winner?.approved === true ? 1 : 0
      for (const result of decisions.filter((d) => d.id === execution.id)) {
        if (result.decision !== undefined) expect(result.decision, 'a caller that got a decision got the winning one').toEqual(winner)
        else expect([result.code, result.input.approved], 'a caller with the opposite decision is refused').toEqual(['APPROVAL_ALREADY_DECIDED', !winner?.approved])
      }
      const events = await storage.readEvents(tenant, execution.id, 0, 1_000)
      expect(events.filter((e) => e.type === 'approval.decided'), 'approval.decided events').toHaveLength(1)
      expect(events.filter((e) => e.type === 'step.completed' && e.stepId === 'after')).toHaveLength(winner?.approved === true ? 1 : 0)
    }
    const summary = await checkExecutions(storage, tenant, ids, approved === count ? { completed: count } : approved === 0 ? { cancelled: count } : { completed: approved, cancelled: count - approved })
    reportFaults({ scenario: `approval-race-${name}`, faults: { 'competing-decision': count * 49 }, executions: summary.executions, lost: 0, doubleCommits: 0, notes: `${approved} approved, ${count - approved} denied` })
  }, size(60_000, 600_000))
}
