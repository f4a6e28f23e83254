import { describe, expect, it } from 'vitest'
import { StepwiseError } from '../../errors/stepwise-error.js'
import type { ConformanceContext } from './context.js'
import {
  T0,
  TENANT_A,
  createClaimed,
  isoAt,
  makeApproval,
  makeDecision,
  makeEvent,
  makeEvents,
  makeExecution,
  makeStep,
  settleAll,
} from '../conformance-fixtures.js'

const LEASE = 30_000

function codesOf(errors: unknown[]): string[] {
  return errors.map((e) => (StepwiseError.isInstance(e) ? e.code : `not a StepwiseError: ${String(e)}`))
}

/** Two clients of the same data racing each other (`Promise.all`). */
export function describeConcurrencyCases(ctx: ConformanceContext): void {
  describe('concurrency (two clients)', () => {
    it('two claimers: exactly one wins while its lease is live', async () => {
      for (let round = 0; round < 10; round++) {
        const { execution } = await ctx.storage.createExecution(TENANT_A, makeExecution())
        const [one, two] = await Promise.all([
          ctx.storage.claimExecution(TENANT_A, execution.id, { owner: 'w1', leaseMs: LEASE, now: T0 }),
          ctx.second.claimExecution(TENANT_A, execution.id, { owner: 'w2', leaseMs: LEASE, now: T0 }),
        ])
        const winners = [one, two].filter((c) => c !== undefined)
        expect(winners).toHaveLength(1)
        const winner = winners[0]
        const owner = one !== undefined ? 'w1' : 'w2'
        expect(winner.fence).toBe(1)
        const read = await ctx.second.getExecution(TENANT_A, execution.id)
        expect(read).toMatchObject({ fence: 1, leaseOwner: owner })
        const loser = owner === 'w1' ? ctx.second : ctx.storage
        expect(await loser.claimExecution(TENANT_A, execution.id, { owner: owner === 'w1' ? 'w2' : 'w1', leaseMs: LEASE, now: T0 + 1 })).toBeUndefined()
      }
    })

    it('many claimers on many executions: every execution has exactly one owner', async () => {
      const ids: string[] = []
      for (let i = 0; i < 8; i++) ids.push((await ctx.storage.createExecution(TENANT_A, makeExecution())).execution.id)
      const attempts = ids.flatMap((id) => [
        ctx.storage.claimExecution(TENANT_A, id, { owner: 'w1', leaseMs: LEASE, now: T0 }).then((c) => (c === undefined ? undefined : id)),
        ctx.second.claimExecution(TENANT_A, id, { owner: 'w2', leaseMs: LEASE, now: T0 }).then((c) => (c === undefined ? undefined : id)),
      ])
      const won = (await Promise.all(attempts)).filter((id) => id !== undefined)
      expect([...won].sort()).toEqual([...ids].sort())
    })

    it('a stale lease holder is fenced off after another instance claims its expired lease', async () => {
      const { execution, fence: staleFence } = await createClaimed(ctx.storage, { owner: 'w1', leaseMs: LEASE })
      await ctx.storage.commit(TENANT_A, execution.id, staleFence, { events: makeEvents(execution.id, 1, 1), steps: [makeStep(execution.id)] })
      // w1 pauses past its lease; w2 takes over.
      const takeover = await ctx.second.claimExecution(TENANT_A, execution.id, { owner: 'w2', leaseMs: LEASE, now: T0 + LEASE + 1 })
      expect(takeover?.fence).toBe(staleFence + 1)
      const fresh = takeover?.fence ?? -1
      const { values, errors } = await settleAll([
        ctx.storage.commit(TENANT_A, execution.id, staleFence, {
          events: [makeEvent(execution.id, 2, { delta: 'zombie' })],
          execution: { status: 'completed', outputs: { by: 'w1' } },
        }),
        ctx.second.commit(TENANT_A, execution.id, fresh, {
          events: [makeEvent(execution.id, 2, { delta: 'owner' })],
          execution: { status: 'running' },
        }),
      ])
      expect(values).toHaveLength(1)
      expect(codesOf(errors)).toEqual(['LEASE_LOST'])
      expect(await ctx.storage.renewLease(TENANT_A, execution.id, staleFence, { owner: 'w1', leaseMs: LEASE, now: T0 + LEASE + 2 })).toBe(false)
      const read = await ctx.storage.getExecution(TENANT_A, execution.id)
      expect(read).toMatchObject({ status: 'running', outputs: {}, lastSeq: 2, fence: fresh, leaseOwner: 'w2' })
      const events = await ctx.storage.readEvents(TENANT_A, execution.id, 1, 10)
      expect(events.map((e) => (e.type === 'agent.text.delta' ? e.delta : e.type))).toEqual(['owner'])
    })

    it('double approval: exactly one decision is applied and both callers see it', async () => {
      for (let round = 0; round < 5; round++) {
        const { execution, fence } = await createClaimed(ctx.storage)
        const approval = makeApproval(execution.id)
        await ctx.storage.commit(TENANT_A, execution.id, fence, { approvals: [approval], execution: { status: 'waiting' }, releaseLease: true })
        const yes = makeDecision(true, { by: 'alice' })
        const no = makeDecision(false, { by: 'bob' })
        const [one, two] = await Promise.all([
          ctx.storage.decideApproval(TENANT_A, execution.id, approval.stepId, '', yes),
          ctx.second.decideApproval(TENANT_A, execution.id, approval.stepId, '', no),
        ])
        expect([one?.applied, two?.applied].filter(Boolean)).toHaveLength(1)
        const applied = one?.applied === true ? yes : no
        expect(one?.approval.decision).toEqual(applied)
        expect(two?.approval.decision).toEqual(applied)
        expect(one?.approval.status).toBe(applied.approved ? 'approved' : 'denied')
        expect(await ctx.second.getApproval(TENANT_A, execution.id, approval.stepId, '')).toEqual(one?.approval)
        expect(await ctx.storage.findApprovalByToken(TENANT_A, approval.token)).toEqual(one?.approval)
      }
    })

    it('duplicate idempotency key: concurrent creates make one execution', async () => {
      for (let round = 0; round < 5; round++) {
        const key = `key-${round}`
        const a = makeExecution({ idempotencyKey: key })
        const b = makeExecution({ idempotencyKey: key })
        const [one, two] = await Promise.all([ctx.storage.createExecution(TENANT_A, a), ctx.second.createExecution(TENANT_A, b)])
        expect([one.created, two.created].filter(Boolean)).toHaveLength(1)
        expect(one.execution.id).toBe(two.execution.id)
        const listed = await ctx.storage.listExecutions(TENANT_A)
        expect(listed.filter((e) => e.idempotencyKey === key).map((e) => e.id)).toEqual([one.execution.id])
        const other = one.created ? b : a
        expect(await ctx.second.getExecution(TENANT_A, other.id)).toBeUndefined()
      }
    })

    it('terminal guard: of two racing terminal commits only one lands; later writes are refused', async () => {
      const { execution, fence } = await createClaimed(ctx.storage, { owner: 'w1' })
      const { values, errors } = await settleAll([
        ctx.storage.commit(TENANT_A, execution.id, fence, { execution: { status: 'completed', outputs: { who: 'one' } } }),
        ctx.second.commit(TENANT_A, execution.id, fence, { execution: { status: 'cancelled', error: { code: 'CANCELLED', message: 'stop' } } }),
      ])
      expect(values).toHaveLength(1)
      expect(codesOf(errors)).toEqual(['EXECUTION_TERMINAL'])
      const read = await ctx.second.getExecution(TENANT_A, execution.id)
      expect(['completed', 'cancelled']).toContain(read?.status)
      if (read?.status === 'completed') expect(read.error).toBeUndefined()
      else expect(read?.outputs).toEqual({})
      const late = await settleAll([ctx.second.commit(TENANT_A, execution.id, fence, { steps: [makeStep(execution.id)] })])
      expect(codesOf(late.errors)).toEqual(['EXECUTION_TERMINAL'])
      expect(await ctx.storage.listSteps(TENANT_A, execution.id)).toEqual([])
      expect(await ctx.second.claimExecution(TENANT_A, execution.id, { owner: 'w2', leaseMs: LEASE, now: T0 + 10 * LEASE })).toBeUndefined()
    })

    it('event seq: two writers appending the same seq leave one event; a gap is refused', async () => {
      const { execution, fence } = await createClaimed(ctx.storage)
      const { values, errors } = await settleAll([
        ctx.storage.commit(TENANT_A, execution.id, fence, { events: [makeEvent(execution.id, 1, { delta: 'a' })] }),
        ctx.second.commit(TENANT_A, execution.id, fence, { events: [makeEvent(execution.id, 1, { delta: 'b' })] }),
      ])
      expect(values).toHaveLength(1)
      expect(codesOf(errors)).toEqual(['STORAGE_CONFLICT'])
      expect(await ctx.second.readEvents(TENANT_A, execution.id, 0, 10)).toHaveLength(1)
      const gap = await settleAll([ctx.second.commit(TENANT_A, execution.id, fence, { events: [makeEvent(execution.id, 3)] })])
      expect(codesOf(gap.errors)).toEqual(['STORAGE_CONFLICT'])
      expect((await ctx.storage.getExecution(TENANT_A, execution.id))?.lastSeq).toBe(1)
    })

    it('a cancel requested by one client while the other commits reaches the lease holder', async () => {
      const { execution, fence } = await createClaimed(ctx.storage, { owner: 'w1' })
      const request = { reason: 'from client two' }
      const [requested, committed] = await Promise.all([
        ctx.second.requestCancel(TENANT_A, execution.id, request.reason),
        ctx.storage.commit(TENANT_A, execution.id, fence, { events: makeEvents(execution.id, 1, 1) }),
      ])
      expect(requested?.cancelRequested).toEqual(request)
      expect([{}, { cancelRequested: request }]).toContainEqual(committed)
      expect(await ctx.storage.commit(TENANT_A, execution.id, fence, {})).toEqual({ cancelRequested: request })
    })

    it('duplicate schedule tick: 10 claims of one (triggerId, tick) from two clients, exactly one wins', async () => {
      const tick = isoAt(60_000)
      const clients = [ctx.storage, ctx.second]
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => clients[i % 2].claimScheduleTick(TENANT_A, 'trigger-dup', tick)))
      expect(results.filter(Boolean)).toHaveLength(1)
      // The full trigger storage suite is describeTriggerStorageConformance.
    })
  })
}
