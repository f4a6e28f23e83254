import { describe, expect, it } from 'vitest'
import type { StoredExecution } from '../../engine/records.js'
import type { ConformanceContext } from './context.js'
import { T0, TENANT_A, createClaimed, expectStepwiseError, isoAt, makeExecution } from '../conformance-fixtures.js'

/** createExecution, getExecution, listExecutions, requestCancel. */
export function describeExecutionCases(ctx: ConformanceContext): void {
  describe('executions', () => {
    it('createExecution stores every field and getExecution returns it', async () => {
      const record: StoredExecution = makeExecution({
        status: 'waiting',
        outputs: { first: { text: 'hello', n: 2 } },
        output: { final: [1, 2] },
        error: { code: 'STEP_FAILED', message: 'boom', stepId: 's1' },
        waitingFor: { kind: 'approval', stepId: 'a1', iterationPath: 'loop:i0', prompt: 'ok?', token: 'tok-1' },
        idempotencyKey: 'key-1',
        trigger: { type: 'schedule', triggerId: 't1', tick: '2026-01-01T00:00:00Z' },
        retryOf: { executionId: 'exec-old', stepId: 's2', iterationPath: '' },
        endedAt: isoAt(9_000),
        lastSeq: 0,
        fence: 0,
        wakeAt: T0 + 60_000,
      })
      const result = await ctx.storage.createExecution(TENANT_A, record)
      expect(result.created).toBe(true)
      expect(result.execution).toEqual(record)
      expect(await ctx.storage.getExecution(TENANT_A, record.id)).toEqual(record)
    })

    it('getExecution of an unknown id is undefined', async () => {
      expect(await ctx.storage.getExecution(TENANT_A, 'exec-unknown')).toBeUndefined()
    })

    it('returned records are copies: mutating them does not change storage', async () => {
      const record = makeExecution()
      const { execution } = await ctx.storage.createExecution(TENANT_A, record)
      execution.status = 'failed'
      record.status = 'cancelled'
      const read = await ctx.storage.getExecution(TENANT_A, record.id)
      expect(read?.status).toBe('pending')
      if (read !== undefined) read.status = 'completed'
      expect((await ctx.storage.getExecution(TENANT_A, record.id))?.status).toBe('pending')
    })

    it('a duplicate idempotency key for the same workflow returns the existing execution', async () => {
      const first = makeExecution({ idempotencyKey: 'dup' })
      await ctx.storage.createExecution(TENANT_A, first)
      const again = await ctx.storage.createExecution(TENANT_A, makeExecution({ idempotencyKey: 'dup', variables: { other: true } }))
      expect(again.created).toBe(false)
      expect(again.execution).toEqual(first)
      expect(await ctx.storage.listExecutions(TENANT_A)).toHaveLength(1)
    })

    it('the same idempotency key on another workflow, or no key, creates new executions', async () => {
      await ctx.storage.createExecution(TENANT_A, makeExecution({ idempotencyKey: 'k', workflowId: 'wf-1' }))
      const other = await ctx.storage.createExecution(TENANT_A, makeExecution({ idempotencyKey: 'k', workflowId: 'wf-2' }))
      expect(other.created).toBe(true)
      const a = await ctx.storage.createExecution(TENANT_A, makeExecution())
      const b = await ctx.storage.createExecution(TENANT_A, makeExecution())
      expect(a.created && b.created).toBe(true)
      expect(await ctx.storage.listExecutions(TENANT_A)).toHaveLength(4)
    })

    it('createExecution with an existing id rejects with STORAGE_CONFLICT and keeps the original', async () => {
      const record = makeExecution()
      await ctx.storage.createExecution(TENANT_A, record)
      await expectStepwiseError(ctx.storage.createExecution(TENANT_A, { ...record, workflowId: 'wf-other' }), 'STORAGE_CONFLICT')
      expect(await ctx.storage.getExecution(TENANT_A, record.id)).toEqual(record)
    })

    it('a create rejected for its id leaves no trace of its idempotency key', async () => {
      const record = makeExecution()
      await ctx.storage.createExecution(TENANT_A, record)
      await expectStepwiseError(ctx.storage.createExecution(TENANT_A, { ...record, idempotencyKey: 'k-1' }), 'STORAGE_CONFLICT')
      const next = makeExecution({ idempotencyKey: 'k-1' })
      const result = await ctx.storage.createExecution(TENANT_A, next)
      expect(result).toEqual({ created: true, execution: next })
    })

    it('listExecutions is newest first by startedAt, then by id descending', async () => {
      await ctx.storage.createExecution(TENANT_A, makeExecution({ id: 'e-b', startedAt: isoAt(1_000) }))
      await ctx.storage.createExecution(TENANT_A, makeExecution({ id: 'e-c', startedAt: isoAt(0) }))
      await ctx.storage.createExecution(TENANT_A, makeExecution({ id: 'e-a', startedAt: isoAt(1_000) }))
      await ctx.storage.createExecution(TENANT_A, makeExecution({ id: 'e-d', startedAt: isoAt(2_000) }))
      expect((await ctx.storage.listExecutions(TENANT_A)).map((e) => e.id)).toEqual(['e-d', 'e-b', 'e-a', 'e-c'])
      expect((await ctx.storage.listExecutions(TENANT_A, {}))[0]).toEqual(await ctx.storage.getExecution(TENANT_A, 'e-d'))
    })

    it('listExecutions filters by workflowId, status (one or several) and before (strict)', async () => {
      const rows: [string, string, StoredExecution['status'], number][] = [
        ['e1', 'wf-1', 'pending', 1_000],
        ['e2', 'wf-1', 'completed', 2_000],
        ['e3', 'wf-2', 'failed', 3_000],
        ['e4', 'wf-2', 'waiting', 4_000],
        ['e5', 'wf-1', 'failed', 5_000],
      ]
      for (const [id, workflowId, status, at] of rows) {
        await ctx.storage.createExecution(TENANT_A, makeExecution({ id, workflowId, status, startedAt: isoAt(at) }))
      }
      const ids = async (filter: Parameters<typeof ctx.storage.listExecutions>[1]) =>
        (await ctx.storage.listExecutions(TENANT_A, filter)).map((e) => e.id)
      expect(await ids({ workflowId: 'wf-1' })).toEqual(['e5', 'e2', 'e1'])
      expect(await ids({ status: 'failed' })).toEqual(['e5', 'e3'])
      expect(await ids({ status: ['pending', 'waiting'] })).toEqual(['e4', 'e1'])
      expect(await ids({ before: isoAt(3_000) })).toEqual(['e2', 'e1'])
      expect(await ids({ workflowId: 'wf-1', status: ['failed', 'completed'], before: isoAt(5_000) })).toEqual(['e2'])
      expect(await ids({ limit: 2 })).toEqual(['e5', 'e4'])
      expect(await ids({ workflowId: 'wf-none' })).toEqual([])
      expect(await ids({ status: [] })).toEqual([])
    })

    it('listExecutions returns 50 by default and at most 500', async () => {
      for (let i = 0; i < 501; i++) {
        await ctx.storage.createExecution(TENANT_A, makeExecution({ id: `e-${String(i).padStart(4, '0')}`, startedAt: isoAt(i) }))
      }
      const page = await ctx.storage.listExecutions(TENANT_A)
      expect(page).toHaveLength(50)
      expect(page[0].id).toBe('e-0500')
      expect(await ctx.storage.listExecutions(TENANT_A, { limit: 10_000 })).toHaveLength(500)
      const before = await ctx.storage.listExecutions(TENANT_A, { before: page[49].startedAt, limit: 3 })
      expect(before.map((e) => e.id)).toEqual(['e-0450', 'e-0449', 'e-0448'])
    })
  })

  describe('requestCancel', () => {
    it('records the reason on a live execution; the first reason wins', async () => {
      const { execution } = await ctx.storage.createExecution(TENANT_A, makeExecution())
      const result = await ctx.storage.requestCancel(TENANT_A, execution.id, 'user asked')
      expect(result?.cancelRequested).toEqual({ reason: 'user asked' })
      const again = await ctx.storage.requestCancel(TENANT_A, execution.id, 'second reason')
      expect(again?.cancelRequested).toEqual({ reason: 'user asked' })
      expect((await ctx.storage.getExecution(TENANT_A, execution.id))?.cancelRequested).toEqual({ reason: 'user asked' })
    })

    it('does not mark a terminal execution and returns it unchanged', async () => {
      const { execution, fence } = await createClaimed(ctx.storage)
      await ctx.storage.commit(TENANT_A, execution.id, fence, { execution: { status: 'completed', endedAt: isoAt(5) } })
      const result = await ctx.storage.requestCancel(TENANT_A, execution.id, 'too late')
      expect(result?.status).toBe('completed')
      expect(result?.cancelRequested).toBeUndefined()
      expect((await ctx.storage.getExecution(TENANT_A, execution.id))?.cancelRequested).toBeUndefined()
    })

    it('returns undefined for an unknown execution', async () => {
      expect(await ctx.storage.requestCancel(TENANT_A, 'exec-unknown', 'x')).toBeUndefined()
    })

    it('the lease holder sees the request in its next commit', async () => {
      const { execution, fence } = await createClaimed(ctx.storage)
      expect(await ctx.storage.commit(TENANT_A, execution.id, fence, {})).toEqual({})
      await ctx.storage.requestCancel(TENANT_A, execution.id, 'stop')
      expect(await ctx.storage.commit(TENANT_A, execution.id, fence, {})).toEqual({ cancelRequested: { reason: 'stop' } })
    })
  })
}
