import { describe, expect, it } from 'vitest'
import type { ConformanceContext } from './context.js'
import { T0, TENANT_A, createClaimed, isoAt, makeApproval, makeDecision, makeExecution } from '../conformance-fixtures.js'

const LEASE = 30_000

/** claimExecution, renewLease, listDueExecutions. */
export function describeLeaseCases(ctx: ConformanceContext): void {
  describe('claimExecution', () => {
    it('claims a free execution: increments the fence and sets owner and expiry', async () => {
      const { execution } = await ctx.storage.createExecution(TENANT_A, makeExecution({ fence: 4 }))
      const claim = await ctx.storage.claimExecution(TENANT_A, execution.id, { owner: 'w1', leaseMs: LEASE, now: T0 })
      expect(claim?.fence).toBe(5)
      expect(claim?.execution).toMatchObject({ id: execution.id, fence: 5, leaseOwner: 'w1', leaseExpiresAt: T0 + LEASE })
      expect(await ctx.storage.getExecution(TENANT_A, execution.id)).toMatchObject({ fence: 5, leaseOwner: 'w1', leaseExpiresAt: T0 + LEASE })
    })

    it('refuses while another owner holds a live lease, and leaves the lease untouched', async () => {
      const { execution, fence } = await createClaimed(ctx.storage, { owner: 'w1' })
      expect(await ctx.storage.claimExecution(TENANT_A, execution.id, { owner: 'w2', leaseMs: LEASE, now: T0 + LEASE - 1 })).toBeUndefined()
      expect(await ctx.storage.getExecution(TENANT_A, execution.id)).toMatchObject({ fence, leaseOwner: 'w1', leaseExpiresAt: T0 + LEASE })
    })

    it('the same owner may claim again while its lease is live (new fence)', async () => {
      const { execution, fence } = await createClaimed(ctx.storage, { owner: 'w1' })
      const again = await ctx.storage.claimExecution(TENANT_A, execution.id, { owner: 'w1', leaseMs: LEASE, now: T0 + 10 })
      expect(again?.fence).toBe(fence + 1)
      expect(again?.execution.leaseExpiresAt).toBe(T0 + 10 + LEASE)
    })

    it('another owner takes over a lease once it has expired (expiry time itself counts as expired)', async () => {
      const { execution, fence } = await createClaimed(ctx.storage, { owner: 'w1' })
      const taken = await ctx.storage.claimExecution(TENANT_A, execution.id, { owner: 'w2', leaseMs: LEASE, now: T0 + LEASE })
      expect(taken?.fence).toBe(fence + 1)
      expect(taken?.execution).toMatchObject({ leaseOwner: 'w2', leaseExpiresAt: T0 + 2 * LEASE })
    })

    it('refuses terminal and unknown executions', async () => {
      const { execution, fence } = await createClaimed(ctx.storage)
      await ctx.storage.commit(TENANT_A, execution.id, fence, { execution: { status: 'failed', endedAt: isoAt(1) } })
      expect(await ctx.storage.claimExecution(TENANT_A, execution.id, { owner: 'w2', leaseMs: LEASE, now: T0 + 10 * LEASE })).toBeUndefined()
      expect((await ctx.storage.getExecution(TENANT_A, execution.id))?.fence).toBe(fence)
      expect(await ctx.storage.claimExecution(TENANT_A, 'exec-unknown', { owner: 'w2', leaseMs: LEASE, now: T0 })).toBeUndefined()
      const { execution: done } = await ctx.storage.createExecution(TENANT_A, makeExecution({ status: 'cancelled' }))
      expect(await ctx.storage.claimExecution(TENANT_A, done.id, { owner: 'w2', leaseMs: LEASE, now: T0 })).toBeUndefined()
    })

    it('after releaseLease another owner can claim at once', async () => {
      const { execution, fence } = await createClaimed(ctx.storage, { owner: 'w1' })
      await ctx.storage.commit(TENANT_A, execution.id, fence, { releaseLease: true })
      const released = await ctx.storage.getExecution(TENANT_A, execution.id)
      expect(released?.leaseOwner).toBeUndefined()
      expect(released?.leaseExpiresAt).toBeUndefined()
      expect(released?.status).toBe('pending')
      const claim = await ctx.storage.claimExecution(TENANT_A, execution.id, { owner: 'w2', leaseMs: LEASE, now: T0 + 1 })
      expect(claim?.fence).toBe(fence + 1)
    })
  })

  describe('renewLease', () => {
    it('extends a lease held with the current fence', async () => {
      const { execution, fence } = await createClaimed(ctx.storage, { owner: 'w1' })
      expect(await ctx.storage.renewLease(TENANT_A, execution.id, fence, { owner: 'w1', leaseMs: LEASE, now: T0 + 20_000 })).toBe(true)
      const read = await ctx.storage.getExecution(TENANT_A, execution.id)
      expect(read).toMatchObject({ leaseOwner: 'w1', leaseExpiresAt: T0 + 20_000 + LEASE, fence })
    })

    it('fails with a stale fence, another owner, or an unknown execution', async () => {
      const { execution, fence } = await createClaimed(ctx.storage, { owner: 'w1' })
      expect(await ctx.storage.renewLease(TENANT_A, execution.id, fence - 1, { owner: 'w1', leaseMs: LEASE, now: T0 + 1 })).toBe(false)
      expect(await ctx.storage.renewLease(TENANT_A, execution.id, fence, { owner: 'w2', leaseMs: LEASE, now: T0 + 1 })).toBe(false)
      expect(await ctx.storage.renewLease(TENANT_A, 'exec-unknown', fence, { owner: 'w1', leaseMs: LEASE, now: T0 + 1 })).toBe(false)
      expect((await ctx.storage.getExecution(TENANT_A, execution.id))?.leaseExpiresAt).toBe(T0 + LEASE)
    })

    it('fails for a holder whose lease was taken over', async () => {
      const { execution, fence } = await createClaimed(ctx.storage, { owner: 'w1' })
      await ctx.storage.claimExecution(TENANT_A, execution.id, { owner: 'w2', leaseMs: LEASE, now: T0 + LEASE + 1 })
      expect(await ctx.storage.renewLease(TENANT_A, execution.id, fence, { owner: 'w1', leaseMs: LEASE, now: T0 + LEASE + 2 })).toBe(false)
      expect((await ctx.storage.getExecution(TENANT_A, execution.id))?.leaseOwner).toBe('w2')
    })
  })

  describe('listDueExecutions', () => {
    it('lists due wakes and orphaned executions, and nothing else', async () => {
      const now = T0 + 100_000
      const create = async (id: string, extra: Parameters<typeof makeExecution>[0]) => ctx.storage.createExecution(TENANT_A, makeExecution({ id, ...extra }))
      await create('due-timer', { status: 'waiting', wakeAt: now })
      await create('past-timer', { status: 'waiting', wakeAt: now - 50_000 })
      await create('future-timer', { status: 'waiting', wakeAt: now + 1 })
      await create('waiting-no-wake', { status: 'waiting' })
      await create('pending-free', { status: 'pending' })
      await create('running-expired', { status: 'running', leaseOwner: 'dead', leaseExpiresAt: now, fence: 1 })
      await create('running-live', { status: 'running', leaseOwner: 'alive', leaseExpiresAt: now + 1, fence: 1 })
      await create('waiting-live-lease', { status: 'waiting', wakeAt: now - 1, leaseOwner: 'alive', leaseExpiresAt: now + 5, fence: 1 })
      await create('completed', { status: 'completed', wakeAt: now - 1 })
      await create('failed', { status: 'failed' })
      await create('cancelled', { status: 'cancelled' })
      const cancelWait = await create('waiting-cancel', { status: 'waiting' })
      await ctx.storage.requestCancel(TENANT_A, cancelWait.execution.id, 'stop')

      const due = await ctx.storage.listDueExecutions(TENANT_A, now, 100)
      const byId = Object.fromEntries(due.map((d) => [d.id, d.reason]))
      expect(byId).toEqual({
        'due-timer': 'wake',
        'past-timer': 'wake',
        'waiting-cancel': 'wake',
        'pending-free': 'orphaned',
        'running-expired': 'orphaned',
      })
      expect(due).toHaveLength(5)
    })

    it('respects the limit', async () => {
      for (let i = 0; i < 5; i++) await ctx.storage.createExecution(TENANT_A, makeExecution({ status: 'waiting', wakeAt: T0 }))
      expect(await ctx.storage.listDueExecutions(TENANT_A, T0, 3)).toHaveLength(3)
      expect(await ctx.storage.listDueExecutions(TENANT_A, T0 - 1, 3)).toHaveLength(0)
    })

    it('a claimed execution is not due until its lease expires; a settled one never again', async () => {
      const { execution, fence } = await createClaimed(ctx.storage, { owner: 'w1' })
      expect(await ctx.storage.listDueExecutions(TENANT_A, T0 + 1, 10)).toEqual([])
      expect(await ctx.storage.listDueExecutions(TENANT_A, T0 + LEASE, 10)).toEqual([{ id: execution.id, reason: 'orphaned' }])
      await ctx.storage.commit(TENANT_A, execution.id, fence, { execution: { status: 'waiting', wakeAt: T0 + 5_000 }, releaseLease: true })
      expect(await ctx.storage.listDueExecutions(TENANT_A, T0 + 4_999, 10)).toEqual([])
      expect(await ctx.storage.listDueExecutions(TENANT_A, T0 + 5_000, 10)).toEqual([{ id: execution.id, reason: 'wake' }])
      const again = await ctx.storage.claimExecution(TENANT_A, execution.id, { owner: 'w1', leaseMs: LEASE, now: T0 + 5_000 })
      await ctx.storage.commit(TENANT_A, execution.id, again?.fence ?? -1, { execution: { status: 'completed', clearWaiting: true } })
      expect(await ctx.storage.listDueExecutions(TENANT_A, T0 + 10 * LEASE, 10)).toEqual([])
    })

    it('deciding an approval makes its waiting execution due at once', async () => {
      const { execution, fence } = await createClaimed(ctx.storage, { owner: 'w1' })
      const approval = makeApproval(execution.id)
      await ctx.storage.commit(TENANT_A, execution.id, fence, {
        execution: {
          status: 'waiting',
          waitingFor: { kind: 'approval', stepId: approval.stepId, iterationPath: '', prompt: approval.prompt, token: approval.token },
          wakeAt: T0 + 3_600_000,
        },
        approvals: [approval],
        releaseLease: true,
      })
      expect(await ctx.storage.listDueExecutions(TENANT_A, T0 + 1, 10)).toEqual([])
      await ctx.storage.decideApproval(TENANT_A, execution.id, approval.stepId, '', makeDecision(true))
      expect(await ctx.storage.listDueExecutions(TENANT_A, T0 + 1, 10)).toEqual([{ id: execution.id, reason: 'wake' }])
      expect((await ctx.storage.getExecution(TENANT_A, execution.id))?.wakeAt).toBe(0)
    })
  })
}
