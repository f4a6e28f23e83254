import { describe, expect, it } from 'vitest'
import type { ConformanceContext } from './context.js'
import { T0, TENANT_A, createClaimed, isoAt, makeApproval, makeDecision } from '../conformance-fixtures.js'

/** Approvals written by commit; getApproval, findApprovalByToken, listApprovals, decideApproval. */
export function describeApprovalCases(ctx: ConformanceContext): void {
  describe('approvals', () => {
    it('commit creates approvals readable by step instance, by token and as a list', async () => {
      const { execution, fence } = await createClaimed(ctx.storage)
      const first = makeApproval(execution.id, { expiresAt: T0 + 60_000 })
      const inLoop = makeApproval(execution.id, { iterationPath: 'loop:i1', approvers: { group: 'ops', min: 2 } })
      await ctx.storage.commit(TENANT_A, execution.id, fence, { approvals: [first, inLoop] })
      expect(await ctx.storage.getApproval(TENANT_A, execution.id, first.stepId, '')).toEqual(first)
      expect(await ctx.storage.getApproval(TENANT_A, execution.id, first.stepId, 'loop:i1')).toEqual(inLoop)
      expect(await ctx.storage.getApproval(TENANT_A, execution.id, first.stepId, 'loop:i2')).toBeUndefined()
      expect(await ctx.storage.getApproval(TENANT_A, execution.id, 'other-step', '')).toBeUndefined()
      expect(await ctx.storage.findApprovalByToken(TENANT_A, inLoop.token)).toEqual(inLoop)
      expect(await ctx.storage.findApprovalByToken(TENANT_A, 'no-such-token')).toBeUndefined()
      expect(await ctx.storage.listApprovals(TENANT_A, execution.id)).toEqual([first, inLoop])
    })

    it('listApprovals and getApproval are empty for unknown executions', async () => {
      expect(await ctx.storage.listApprovals(TENANT_A, 'exec-unknown')).toEqual([])
      expect(await ctx.storage.getApproval(TENANT_A, 'exec-unknown', 'approve-1', '')).toBeUndefined()
    })

    it('a new approval for the same step instance replaces the old one and its token', async () => {
      const { execution, fence } = await createClaimed(ctx.storage)
      const old = makeApproval(execution.id)
      await ctx.storage.commit(TENANT_A, execution.id, fence, { approvals: [old] })
      const replacement = makeApproval(execution.id, { prompt: 'Ship it now?' })
      await ctx.storage.commit(TENANT_A, execution.id, fence, { approvals: [replacement] })
      expect(await ctx.storage.getApproval(TENANT_A, execution.id, old.stepId, '')).toEqual(replacement)
      expect(await ctx.storage.findApprovalByToken(TENANT_A, replacement.token)).toEqual(replacement)
      expect(await ctx.storage.findApprovalByToken(TENANT_A, old.token)).toBeUndefined()
      expect(await ctx.storage.listApprovals(TENANT_A, execution.id)).toEqual([replacement])
    })

    it('decideApproval applies the first decision; later ones return it with applied: false', async () => {
      const { execution, fence } = await createClaimed(ctx.storage)
      const approval = makeApproval(execution.id)
      await ctx.storage.commit(TENANT_A, execution.id, fence, { approvals: [approval] })
      const decision = makeDecision(false, { by: 'dana', comment: 'not today' })
      const first = await ctx.storage.decideApproval(TENANT_A, execution.id, approval.stepId, '', decision)
      expect(first).toEqual({ applied: true, approval: { ...approval, status: 'denied', decision } })
      const second = await ctx.storage.decideApproval(TENANT_A, execution.id, approval.stepId, '', makeDecision(true, { by: 'eve' }))
      expect(second).toEqual({ applied: false, approval: { ...approval, status: 'denied', decision } })
      expect(await ctx.storage.getApproval(TENANT_A, execution.id, approval.stepId, '')).toEqual(first?.approval)
      expect(await ctx.storage.findApprovalByToken(TENANT_A, approval.token)).toEqual(first?.approval)
      expect(await ctx.storage.listApprovals(TENANT_A, execution.id)).toEqual([first?.approval])
    })

    it('records approved and expired decisions with their status', async () => {
      const { execution, fence } = await createClaimed(ctx.storage)
      const a = makeApproval(execution.id, { stepId: 'a' })
      const b = makeApproval(execution.id, { stepId: 'b' })
      await ctx.storage.commit(TENANT_A, execution.id, fence, { approvals: [a, b] })
      const approved = makeDecision(true, { comment: undefined })
      const expired = { approved: false, decision: 'expired' as const, decidedAt: isoAt(99) }
      expect((await ctx.storage.decideApproval(TENANT_A, execution.id, 'a', '', approved))?.approval.status).toBe('approved')
      expect((await ctx.storage.decideApproval(TENANT_A, execution.id, 'b', '', expired))?.approval.status).toBe('expired')
      expect(await ctx.storage.getApproval(TENANT_A, execution.id, 'a', '')).toEqual({ ...a, status: 'approved', decision: approved })
      expect(await ctx.storage.getApproval(TENANT_A, execution.id, 'b', '')).toEqual({ ...b, status: 'expired', decision: expired })
    })

    it('decideApproval of an unknown approval or execution returns undefined', async () => {
      const { execution, fence } = await createClaimed(ctx.storage)
      await ctx.storage.commit(TENANT_A, execution.id, fence, { approvals: [makeApproval(execution.id)] })
      expect(await ctx.storage.decideApproval(TENANT_A, execution.id, 'nope', '', makeDecision())).toBeUndefined()
      expect(await ctx.storage.decideApproval(TENANT_A, execution.id, 'approve-1', 'loop:i0', makeDecision())).toBeUndefined()
      expect(await ctx.storage.decideApproval(TENANT_A, 'exec-unknown', 'approve-1', '', makeDecision())).toBeUndefined()
    })

    it('a decision sets wakeAt = 0 only on a waiting execution', async () => {
      const running = await createClaimed(ctx.storage)
      const waiting = await createClaimed(ctx.storage)
      const a = makeApproval(running.execution.id)
      const b = makeApproval(waiting.execution.id)
      await ctx.storage.commit(TENANT_A, running.execution.id, running.fence, { approvals: [a], execution: { status: 'running' } })
      await ctx.storage.commit(TENANT_A, waiting.execution.id, waiting.fence, { approvals: [b], execution: { status: 'waiting' } })
      await ctx.storage.decideApproval(TENANT_A, running.execution.id, a.stepId, '', makeDecision())
      await ctx.storage.decideApproval(TENANT_A, waiting.execution.id, b.stepId, '', makeDecision())
      expect((await ctx.storage.getExecution(TENANT_A, running.execution.id))?.wakeAt).toBeUndefined()
      expect((await ctx.storage.getExecution(TENANT_A, waiting.execution.id))?.wakeAt).toBe(0)
    })
  })
}
