/**
 * fast-check commands of the model-based test: each changes the reference model and the real
 * system the same way, then {@link compare} checks they still agree.
 */
import fc from 'fast-check'
import { expect } from 'vitest'
import { StepwiseError } from '../../src/index.js'
import { advance, cancel, crash, decide, echoes, LEASE_MS, NAP_MS, started, workReturned, type Model } from './reference-model.js'
import type { RealSystem } from './real-system.js'

type Command = fc.AsyncCommand<Model, RealSystem>

/** The model and the real system agree on every execution, every tool call and every pending call. */
export async function compare(model: Model, real: RealSystem): Promise<void> {
  for (const [i, expected] of model.executions.entries()) {
    const id = real.ids[i]
    const stored = await real.storage.getExecution(real.tenant, id)
    const where = `execution #${i} (${expected.at})`
    expect(stored?.status, `status of ${where}`).toBe(expected.status)
    if (expected.status === 'waiting') expect(stored?.waitingFor?.stepId, `what ${where} waits for`).toBe(expected.at)
    const calls = real.calls.filter((c) => c.executionId === id)
    expect(calls.filter((c) => c.tool === 'work').length, `work calls of ${where}`).toBe(expected.workCalls)
    expect(calls.filter((c) => c.tool === 'finish').length, `finish calls of ${where}`).toBe(expected.finishCalls)
    for (const call of calls) expect(call.key, 'one idempotency key per step instance').toBe(`${id}:${call.tool}:`)
    const pending = real.pending.filter((p) => p.executionId === id).map((p) => p.generation)
    expect(pending.sort(), `pending work calls of ${where}`).toEqual([...expected.pendingWork].sort())
  }
  expect(await real.storage.listExecutions(real.tenant, { workflowId: 'flow', limit: 500 })).toHaveLength(model.executions.length)
  const echo = await real.storage.listExecutions(real.tenant, { workflowId: 'echo', limit: 500 })
  expect(echo.map((e) => e.status), 'one completed echo per schedule tick').toEqual(Array.from({ length: echoes(model) }, () => 'completed'))
}

const at = (model: Model, pick: number): number => pick % model.executions.length

class Start implements Command {
  check = (): boolean => true
  async run(model: Model, real: RealSystem): Promise<void> {
    real.ids.push((await real.live.start('flow')).id)
    started(model)
    await real.settle()
    await compare(model, real)
  }
  toString = (): string => 'start'
}

class Webhook implements Command {
  constructor(readonly delivery: number) {}
  check = (): boolean => true
  async run(model: Model, real: RealSystem): Promise<void> {
    const id = `d-${this.delivery}`
    const request = new Request('https://host.test/webhooks/hook', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', 'X-Webhook-Id': id } })
    const response = await real.live.handleWebhook(request)
    const body = (await response.json()) as { executionId: string }
    const known = model.deliveries.get(id)
    if (known === undefined) {
      expect(response.status, `first delivery ${id}`).toBe(202)
      model.deliveries.set(id, model.executions.length)
      started(model)
      real.ids.push(body.executionId)
    } else {
      expect([response.status, body.executionId], `repeated delivery ${id}`).toEqual([200, real.ids[known]])
    }
    await real.settle()
    await compare(model, real)
  }
  toString = (): string => `webhook(d-${this.delivery})`
}

/** Releases one pending `work` call (of the live instance, or of a dead one: a zombie waking up). */
class Release implements Command {
  constructor(readonly pick: number) {}
  check = (model: Model): boolean => model.executions.some((e) => e.pendingWork.length > 0)
  async run(model: Model, real: RealSystem): Promise<void> {
    const calls = model.executions.flatMap((e, index) => e.pendingWork.map((generation) => ({ index, generation })))
    const { index, generation } = calls[this.pick % calls.length]
    const call = real.pending.find((p) => p.executionId === real.ids[index] && p.generation === generation)
    expect(call, `pending work call of #${index} by generation ${generation}`).toBeDefined()
    workReturned(model.executions[index], generation)
    await real.release(call as NonNullable<typeof call>)
    await compare(model, real)
  }
  toString = (): string => `release(${this.pick})`
}

class Crash implements Command {
  check = (model: Model): boolean => model.generation < 4
  async run(model: Model, real: RealSystem): Promise<void> {
    crash(model)
    real.crash()
    await compare(model, real)
  }
  toString = (): string => 'crash'
}

/** Time passes: past the lease (`expire`), or past a nap (`timer`); the live instance ticks. */
class Advance implements Command {
  constructor(readonly kind: 'expire' | 'timer') {}
  check = (): boolean => true
  async run(model: Model, real: RealSystem): Promise<void> {
    const ms = this.kind === 'expire' ? LEASE_MS + 1 : NAP_MS
    advance(model, ms)
    await real.advance(ms)
    await compare(model, real)
  }
  toString = (): string => this.kind
}

class Tick implements Command {
  check = (): boolean => true
  async run(model: Model, real: RealSystem): Promise<void> {
    await real.tick()
    await compare(model, real)
  }
  toString = (): string => 'tick'
}

class Decide implements Command {
  constructor(
    readonly pick: number,
    readonly approved: boolean,
  ) {}
  check = (model: Model): boolean => model.executions.length > 0
  async run(model: Model, real: RealSystem): Promise<void> {
    const index = at(model, this.pick)
    const expected = decide(model, model.executions[index], this.approved)
    const outcome = await real.live.executions.approve(real.ids[index], { approved: this.approved }).then(
      (decision) => ({ approved: decision.approved }),
      (error: unknown) => ({ code: StepwiseError.isInstance(error) ? error.code : String(error) }),
    )
    expect(outcome, `decision on #${index}`).toEqual(expected)
    await real.settle()
    await compare(model, real)
  }
  toString = (): string => `${this.approved ? 'approve' : 'deny'}(${this.pick})`
}

class Cancel implements Command {
  constructor(readonly pick: number) {}
  check = (model: Model): boolean => model.executions.length > 0
  async run(model: Model, real: RealSystem): Promise<void> {
    const index = at(model, this.pick)
    const expected = cancel(model, model.executions[index])
    const execution = await real.live.executions.cancel(real.ids[index])
    expect(execution.status, `cancel of #${index}`).toBe(expected)
    await real.settle()
    await compare(model, real)
  }
  toString = (): string => `cancel(${this.pick})`
}

/** Every command, weighted towards the ones that move executions along. */
export const commands = [
  fc.constant(new Start()),
  fc.integer({ min: 0, max: 3 }).map((d) => new Webhook(d)),
  fc.nat(20).map((pick) => new Release(pick)),
  fc.nat(20).map((pick) => new Release(pick)),
  fc.constant(new Crash()),
  fc.constant(new Advance('expire')),
  fc.constant(new Advance('timer')),
  fc.constant(new Tick()),
  fc.tuple(fc.nat(20), fc.boolean()).map(([pick, approved]) => new Decide(pick, approved)),
  fc.nat(20).map((pick) => new Decide(pick, true)),
  fc.nat(20).map((pick) => new Cancel(pick)),
]
