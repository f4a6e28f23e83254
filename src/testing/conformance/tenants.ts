import { describe, expect, it } from 'vitest'
import type { ConformanceContext } from './context.js'
import {
  T0,
  TENANT_A,
  TENANT_B,
  createClaimed,
  expectStepwiseError,
  makeApproval,
  makeDecision,
  makeEvents,
  makeExecution,
  makeSaveInput,
  makeStep,
} from '../conformance-fixtures.js'

/** Data written under tenant A is unknown under tenant B, on every method. */
export function describeTenantCases(ctx: ConformanceContext): void {
  describe('tenant scoping', () => {
    it('snapshots, workflows and versions are invisible to another tenant', async () => {
      await ctx.storage.putSnapshot(TENANT_A, 'h-snap', { a: 1 })
      await ctx.storage.saveWorkflow(TENANT_A, makeSaveInput('wf-a', 'h-1'))
      await ctx.storage.saveWorkflow(TENANT_A, makeSaveInput('wf-a', 'h-2'))
      expect(await ctx.storage.getSnapshot(TENANT_B, 'h-snap')).toBeUndefined()
      expect(await ctx.storage.getSnapshot(TENANT_B, 'h-1')).toBeUndefined()
      expect(await ctx.storage.getWorkflow(TENANT_B, 'wf-a')).toBeUndefined()
      expect(await ctx.storage.listWorkflows(TENANT_B)).toEqual([])
      expect(await ctx.storage.listWorkflowVersions(TENANT_B, 'wf-a')).toEqual([])
      expect(await ctx.storage.deleteWorkflow(TENANT_B, 'wf-a')).toBe(false)
      expect((await ctx.storage.getWorkflow(TENANT_A, 'wf-a'))?.version).toBe(2)
    })

    it('the same workflow id and hash in another tenant are independent', async () => {
      await ctx.storage.saveWorkflow(TENANT_A, makeSaveInput('wf-a', 'h-1'))
      await ctx.storage.saveWorkflow(TENANT_A, makeSaveInput('wf-a', 'h-2'))
      const other = await ctx.storage.saveWorkflow(TENANT_B, makeSaveInput('wf-a', 'h-2', { definition: { tenant: 'b' } }))
      expect(other.changed).toBe(true)
      expect(other.workflow.version).toBe(1)
      expect(await ctx.storage.getSnapshot(TENANT_B, 'h-2')).toEqual({ tenant: 'b' })
      expect(await ctx.storage.getSnapshot(TENANT_A, 'h-2')).toEqual(makeSaveInput('wf-a', 'h-2').definition)
      await ctx.storage.deleteWorkflow(TENANT_B, 'wf-a')
      expect(await ctx.storage.getWorkflow(TENANT_A, 'wf-a')).toBeDefined()
    })

    it('executions are unknown to another tenant on every execution method', async () => {
      const { execution, fence } = await createClaimed(ctx.storage, { owner: 'w1', execution: { status: 'running' } })
      await ctx.storage.commit(TENANT_A, execution.id, fence, { steps: [makeStep(execution.id)], events: makeEvents(execution.id, 1, 2) })
      const late = T0 + 10 * 60_000
      expect(await ctx.storage.getExecution(TENANT_B, execution.id)).toBeUndefined()
      expect(await ctx.storage.listExecutions(TENANT_B)).toEqual([])
      expect(await ctx.storage.listExecutions(TENANT_B, { workflowId: execution.workflowId })).toEqual([])
      expect(await ctx.storage.claimExecution(TENANT_B, execution.id, { owner: 'intruder', leaseMs: 1_000, now: late })).toBeUndefined()
      expect(await ctx.storage.renewLease(TENANT_B, execution.id, fence, { owner: 'w1', leaseMs: 1_000, now: T0 + 1 })).toBe(false)
      await expectStepwiseError(ctx.storage.commit(TENANT_B, execution.id, fence, { events: makeEvents(execution.id, 3, 1) }), 'NOT_FOUND')
      expect(await ctx.storage.requestCancel(TENANT_B, execution.id, 'intruder')).toBeUndefined()
      expect(await ctx.storage.listDueExecutions(TENANT_B, late, 100)).toEqual([])
      expect(await ctx.storage.listSteps(TENANT_B, execution.id)).toEqual([])
      expect(await ctx.storage.readEvents(TENANT_B, execution.id, 0, 100)).toEqual([])

      const own = await ctx.storage.getExecution(TENANT_A, execution.id)
      expect(own).toMatchObject({ fence, leaseOwner: 'w1', lastSeq: 2, status: 'running' })
      expect(own?.cancelRequested).toBeUndefined()
      expect(await ctx.storage.listDueExecutions(TENANT_A, late, 100)).toEqual([{ id: execution.id, reason: 'orphaned' }])
    })

    it('idempotency keys and execution ids are per tenant', async () => {
      const a = await ctx.storage.createExecution(TENANT_A, makeExecution({ idempotencyKey: 'same' }))
      const b = await ctx.storage.createExecution(TENANT_B, makeExecution({ tenantId: TENANT_B, idempotencyKey: 'same' }))
      expect(b.created).toBe(true)
      expect(b.execution.id).not.toBe(a.execution.id)
      const sameId = await ctx.storage.createExecution(TENANT_B, makeExecution({ id: a.execution.id, tenantId: TENANT_B, workflowId: 'wf-b' }))
      expect(sameId.created).toBe(true)
      expect((await ctx.storage.getExecution(TENANT_A, a.execution.id))?.workflowId).toBe(a.execution.workflowId)
      expect((await ctx.storage.getExecution(TENANT_B, a.execution.id))?.workflowId).toBe('wf-b')
    })

    it('approvals are unknown to another tenant, and a foreign decision changes nothing', async () => {
      const { execution, fence } = await createClaimed(ctx.storage)
      const approval = makeApproval(execution.id)
      await ctx.storage.commit(TENANT_A, execution.id, fence, { approvals: [approval], execution: { status: 'waiting' } })
      expect(await ctx.storage.getApproval(TENANT_B, execution.id, approval.stepId, '')).toBeUndefined()
      expect(await ctx.storage.findApprovalByToken(TENANT_B, approval.token)).toBeUndefined()
      expect(await ctx.storage.listApprovals(TENANT_B, execution.id)).toEqual([])
      expect(await ctx.storage.decideApproval(TENANT_B, execution.id, approval.stepId, '', makeDecision())).toBeUndefined()
      expect(await ctx.storage.getApproval(TENANT_A, execution.id, approval.stepId, '')).toEqual(approval)
      expect((await ctx.storage.getExecution(TENANT_A, execution.id))?.wakeAt).toBeUndefined()
      const decided = await ctx.storage.decideApproval(TENANT_A, execution.id, approval.stepId, '', makeDecision())
      expect(decided?.applied).toBe(true)
    })
  })
}
