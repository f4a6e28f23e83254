import { describe, expect, it } from 'vitest'
import type { ConformanceContext } from './context.js'
import {
  T0,
  TENANT_A,
  completedStep,
  createClaimed,
  expectStepwiseError,
  isoAt,
  makeApproval,
  makeEvent,
  makeEvents,
  makeStep,
} from '../conformance-fixtures.js'

/** commit: fencing, terminal guard, seq checks, atomicity and the execution patch. */
export function describeCommitCases(ctx: ConformanceContext): void {
  describe('commit', () => {
    it('appends events, advances lastSeq, and an empty batch returns {}', async () => {
      const { execution, fence } = await createClaimed(ctx.storage)
      expect(await ctx.storage.commit(TENANT_A, execution.id, fence, {})).toEqual({})
      await ctx.storage.commit(TENANT_A, execution.id, fence, { events: makeEvents(execution.id, 1, 3) })
      await ctx.storage.commit(TENANT_A, execution.id, fence, { events: makeEvents(execution.id, 4, 2) })
      expect((await ctx.storage.getExecution(TENANT_A, execution.id))?.lastSeq).toBe(5)
      expect((await ctx.storage.readEvents(TENANT_A, execution.id, 0, 100)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5])
    })

    it('rejects a stale fence with LEASE_LOST and writes nothing', async () => {
      const { execution, fence } = await createClaimed(ctx.storage, { owner: 'w1' })
      await ctx.storage.claimExecution(TENANT_A, execution.id, { owner: 'w1', leaseMs: 1_000, now: T0 + 1 })
      const step = makeStep(execution.id)
      await expectStepwiseError(
        ctx.storage.commit(TENANT_A, execution.id, fence, { steps: [step], events: makeEvents(execution.id, 1, 1), execution: { status: 'running' } }),
        'LEASE_LOST',
      )
      expect(await ctx.storage.listSteps(TENANT_A, execution.id)).toEqual([])
      expect(await ctx.storage.readEvents(TENANT_A, execution.id, 0, 10)).toEqual([])
      expect(await ctx.storage.getExecution(TENANT_A, execution.id)).toMatchObject({ status: 'pending', lastSeq: 0 })
    })

    it('rejects a commit for an unknown execution with NOT_FOUND', async () => {
      await expectStepwiseError(ctx.storage.commit(TENANT_A, 'exec-unknown', 1, {}), 'NOT_FOUND')
    })

    it('rejects any commit to a terminal execution with EXECUTION_TERMINAL', async () => {
      const { execution, fence } = await createClaimed(ctx.storage)
      await ctx.storage.commit(TENANT_A, execution.id, fence, { execution: { status: 'completed', outputs: { a: 1 }, endedAt: isoAt(10) } })
      await expectStepwiseError(ctx.storage.commit(TENANT_A, execution.id, fence, { execution: { status: 'failed' } }), 'EXECUTION_TERMINAL')
      await expectStepwiseError(ctx.storage.commit(TENANT_A, execution.id, fence, { events: makeEvents(execution.id, 1, 1) }), 'EXECUTION_TERMINAL')
      await expectStepwiseError(ctx.storage.commit(TENANT_A, execution.id, fence, {}), 'EXECUTION_TERMINAL')
      expect(await ctx.storage.getExecution(TENANT_A, execution.id)).toMatchObject({ status: 'completed', outputs: { a: 1 }, lastSeq: 0 })
    })

    it('rejects events whose seq does not continue lastSeq (gap, repeat, or disorder) with STORAGE_CONFLICT', async () => {
      const { execution, fence } = await createClaimed(ctx.storage)
      await ctx.storage.commit(TENANT_A, execution.id, fence, { events: makeEvents(execution.id, 1, 2) })
      await expectStepwiseError(ctx.storage.commit(TENANT_A, execution.id, fence, { events: [makeEvent(execution.id, 4)] }), 'STORAGE_CONFLICT')
      await expectStepwiseError(ctx.storage.commit(TENANT_A, execution.id, fence, { events: [makeEvent(execution.id, 2)] }), 'STORAGE_CONFLICT')
      await expectStepwiseError(
        ctx.storage.commit(TENANT_A, execution.id, fence, { events: [makeEvent(execution.id, 3), makeEvent(execution.id, 5)] }),
        'STORAGE_CONFLICT',
      )
      await expectStepwiseError(
        ctx.storage.commit(TENANT_A, execution.id, fence, { events: [makeEvent(execution.id, 4), makeEvent(execution.id, 3)] }),
        'STORAGE_CONFLICT',
      )
      expect((await ctx.storage.getExecution(TENANT_A, execution.id))?.lastSeq).toBe(2)
      expect((await ctx.storage.readEvents(TENANT_A, execution.id, 0, 10)).map((e) => e.seq)).toEqual([1, 2])
    })

    it('a rejected seq leaves the rest of the batch unwritten (atomic)', async () => {
      const { execution, fence } = await createClaimed(ctx.storage)
      await expectStepwiseError(
        ctx.storage.commit(TENANT_A, execution.id, fence, {
          steps: [makeStep(execution.id)],
          events: [makeEvent(execution.id, 2)],
          approvals: [makeApproval(execution.id)],
          execution: { status: 'running', outputs: { x: 1 } },
        }),
        'STORAGE_CONFLICT',
      )
      expect(await ctx.storage.listSteps(TENANT_A, execution.id)).toEqual([])
      expect(await ctx.storage.listApprovals(TENANT_A, execution.id)).toEqual([])
      expect(await ctx.storage.getExecution(TENANT_A, execution.id)).toMatchObject({ status: 'pending', outputs: {}, lastSeq: 0 })
    })

    it('rejects a change to a terminal step row with STORAGE_CONFLICT, atomically', async () => {
      const { execution, fence } = await createClaimed(ctx.storage)
      const done = completedStep(makeStep(execution.id), { value: 1 })
      await ctx.storage.commit(TENANT_A, execution.id, fence, { steps: [done], events: makeEvents(execution.id, 1, 1) })
      const fresh = makeStep(execution.id, { stepId: 'step-2' })
      await expectStepwiseError(
        ctx.storage.commit(TENANT_A, execution.id, fence, {
          steps: [fresh, { ...done, status: 'failed', error: { code: 'STEP_FAILED', message: 'late' } }],
          events: [makeEvent(execution.id, 2)],
          execution: { status: 'running' },
        }),
        'STORAGE_CONFLICT',
      )
      const steps = await ctx.storage.listSteps(TENANT_A, execution.id)
      expect(steps).toEqual([done])
      expect(await ctx.storage.getExecution(TENANT_A, execution.id)).toMatchObject({ status: 'pending', lastSeq: 1 })
    })

    it('applies the execution patch: status, outputs, output, error, waitingFor, wakeAt, endedAt', async () => {
      const { execution, fence } = await createClaimed(ctx.storage)
      const waitingFor = { kind: 'timer' as const, stepId: 'wait-1', iterationPath: 'loop:i2', until: isoAt(60_000) }
      await ctx.storage.commit(TENANT_A, execution.id, fence, {
        execution: { status: 'waiting', outputs: { a: { deep: [1, 2] } }, waitingFor, wakeAt: T0 + 60_000 },
      })
      expect(await ctx.storage.getExecution(TENANT_A, execution.id)).toMatchObject({
        status: 'waiting',
        outputs: { a: { deep: [1, 2] } },
        waitingFor,
        wakeAt: T0 + 60_000,
        variables: execution.variables,
      })
      await ctx.storage.commit(TENANT_A, execution.id, fence, { execution: { status: 'running', clearWaiting: true } })
      const resumed = await ctx.storage.getExecution(TENANT_A, execution.id)
      expect(resumed?.status).toBe('running')
      expect(resumed?.waitingFor).toBeUndefined()
      expect(resumed?.wakeAt).toBeUndefined()
      expect(resumed?.outputs).toEqual({ a: { deep: [1, 2] } })
      const error = { code: 'STEP_FAILED' as const, message: 'boom', stepId: 's9' }
      await ctx.storage.commit(TENANT_A, execution.id, fence, { execution: { status: 'failed', error, output: null, endedAt: isoAt(70_000) } })
      expect(await ctx.storage.getExecution(TENANT_A, execution.id)).toMatchObject({ status: 'failed', error, output: null, endedAt: isoAt(70_000) })
    })

    it('clearWaiting with a new waitingFor replaces it', async () => {
      const { execution, fence } = await createClaimed(ctx.storage)
      const first = { kind: 'timer' as const, stepId: 'w1', iterationPath: '', until: isoAt(1_000) }
      const second = { kind: 'timer' as const, stepId: 'w2', iterationPath: '', until: isoAt(2_000) }
      await ctx.storage.commit(TENANT_A, execution.id, fence, { execution: { status: 'waiting', waitingFor: first, wakeAt: T0 + 1_000 } })
      await ctx.storage.commit(TENANT_A, execution.id, fence, { execution: { clearWaiting: true, waitingFor: second, wakeAt: T0 + 2_000 } })
      expect(await ctx.storage.getExecution(TENANT_A, execution.id)).toMatchObject({ status: 'waiting', waitingFor: second, wakeAt: T0 + 2_000 })
    })

    it('a terminal status clears wakeAt, the cancel request and the lease', async () => {
      const { execution, fence } = await createClaimed(ctx.storage, { owner: 'w1' })
      await ctx.storage.commit(TENANT_A, execution.id, fence, { execution: { status: 'waiting', wakeAt: T0 + 1_000 } })
      await ctx.storage.requestCancel(TENANT_A, execution.id, 'stop')
      const cancelError = { code: 'CANCELLED' as const, message: 'Execution cancelled: stop', reason: 'stop' }
      await ctx.storage.commit(TENANT_A, execution.id, fence, { execution: { status: 'cancelled', error: cancelError, endedAt: isoAt(5) } })
      const read = await ctx.storage.getExecution(TENANT_A, execution.id)
      expect(read).toMatchObject({ status: 'cancelled', error: cancelError, endedAt: isoAt(5), fence })
      expect(read?.wakeAt).toBeUndefined()
      expect(read?.cancelRequested).toBeUndefined()
      expect(read?.leaseOwner).toBeUndefined()
      expect(read?.leaseExpiresAt).toBeUndefined()
    })

    it('keeps the lease unless releaseLease is set', async () => {
      const { execution, fence } = await createClaimed(ctx.storage, { owner: 'w1' })
      await ctx.storage.commit(TENANT_A, execution.id, fence, { execution: { status: 'running' }, events: makeEvents(execution.id, 1, 1) })
      expect(await ctx.storage.getExecution(TENANT_A, execution.id)).toMatchObject({ leaseOwner: 'w1', leaseExpiresAt: T0 + 30_000, status: 'running' })
      await ctx.storage.commit(TENANT_A, execution.id, fence, { releaseLease: true })
      const read = await ctx.storage.getExecution(TENANT_A, execution.id)
      expect(read?.leaseOwner).toBeUndefined()
      expect(read?.status).toBe('running')
      expect(read?.fence).toBe(fence)
    })
  })
}
