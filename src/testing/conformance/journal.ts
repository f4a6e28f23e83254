import { describe, expect, it } from 'vitest'
import type { AgentTextDeltaEvent, StepwiseEvent } from '../../engine/events.js'
import type { ConformanceContext } from './context.js'
import { TENANT_A, completedStep, createClaimed, expectStepwiseError, isoAt, makeEvent, makeEvents, makeStep } from '../conformance-fixtures.js'

/** Step rows (listSteps) and the event log (readEvents). */
export function describeJournalCases(ctx: ConformanceContext): void {
  describe('step rows', () => {
    it('upserts by (stepId, iterationPath, attempt) and lists in first-written order', async () => {
      const { execution, fence } = await createClaimed(ctx.storage)
      const a = makeStep(execution.id, { stepId: 'a' })
      const b = makeStep(execution.id, { stepId: 'b', stepType: 'agent_prompt', input: { prompt: 'hi' } })
      const loop0 = makeStep(execution.id, { stepId: 'inner', iterationPath: 'loop:i0' })
      const loop1 = makeStep(execution.id, { stepId: 'inner', iterationPath: 'loop:i1' })
      await ctx.storage.commit(TENANT_A, execution.id, fence, { steps: [a, b] })
      await ctx.storage.commit(TENANT_A, execution.id, fence, { steps: [loop0, loop1] })
      const bFailed = { ...b, status: 'failed' as const, error: { code: 'MODEL_FAILED' as const, message: 'overloaded' }, endedAt: isoAt(5) }
      const bRetry = makeStep(execution.id, { stepId: 'b', stepType: 'agent_prompt', attempt: 2 })
      const aDone = completedStep(a, { text: 'out', list: [1, { x: null }] })
      await ctx.storage.commit(TENANT_A, execution.id, fence, { steps: [bFailed, aDone, bRetry] })
      const steps = await ctx.storage.listSteps(TENANT_A, execution.id)
      expect(steps).toEqual([aDone, bFailed, loop0, loop1, bRetry])
    })

    it('keeps upsert and order right for executions with many step rows', async () => {
      const { execution, fence } = await createClaimed(ctx.storage)
      const rows = Array.from({ length: 40 }, (_, i) => makeStep(execution.id, { stepId: 'body', iterationPath: `loop:i${i}` }))
      for (let i = 0; i < rows.length; i += 8) await ctx.storage.commit(TENANT_A, execution.id, fence, { steps: rows.slice(i, i + 8) })
      const settled = rows.map((row, i) => (i % 3 === 0 ? completedStep(row, { i }) : row))
      await ctx.storage.commit(TENANT_A, execution.id, fence, { steps: settled.filter((_, i) => i % 3 === 0).reverse() })
      const retry = makeStep(execution.id, { stepId: 'body', iterationPath: 'loop:i0', attempt: 2 })
      await ctx.storage.commit(TENANT_A, execution.id, fence, { steps: [retry] })
      expect(await ctx.storage.listSteps(TENANT_A, execution.id)).toEqual([...settled, retry])
      await expectStepwiseError(
        ctx.storage.commit(TENANT_A, execution.id, fence, { steps: [{ ...settled[39], status: 'failed' }] }),
        'STORAGE_CONFLICT',
      )
    })

    it('round-trips every step field, including waitingFor', async () => {
      const { execution, fence } = await createClaimed(ctx.storage)
      const row = makeStep(execution.id, {
        stepId: 'gate',
        stepType: 'approval',
        iterationPath: 'outer:b1/inner:i3',
        status: 'waiting',
        input: { prompt: 'ok?', nested: { a: [true, false] } },
        waitingFor: { kind: 'approval', stepId: 'gate', iterationPath: 'outer:b1/inner:i3', prompt: 'ok?', token: 't', expiresAt: isoAt(9) },
      })
      await ctx.storage.commit(TENANT_A, execution.id, fence, { steps: [row] })
      expect(await ctx.storage.listSteps(TENANT_A, execution.id)).toEqual([row])
      const settled = { ...row, status: 'skipped' as const, waitingFor: undefined, output: 'plain string', endedAt: isoAt(10) }
      await ctx.storage.commit(TENANT_A, execution.id, fence, { steps: [settled] })
      const [read] = await ctx.storage.listSteps(TENANT_A, execution.id)
      expect(read).toEqual(settled)
      expect(read.waitingFor).toBeUndefined()
    })

    it('listSteps is empty for an execution without steps and for an unknown execution', async () => {
      const { execution } = await createClaimed(ctx.storage)
      expect(await ctx.storage.listSteps(TENANT_A, execution.id)).toEqual([])
      expect(await ctx.storage.listSteps(TENANT_A, 'exec-unknown')).toEqual([])
    })

    it('step rows of one execution are not listed under another', async () => {
      const one = await createClaimed(ctx.storage)
      const two = await createClaimed(ctx.storage)
      await ctx.storage.commit(TENANT_A, one.execution.id, one.fence, { steps: [makeStep(one.execution.id)] })
      expect(await ctx.storage.listSteps(TENANT_A, two.execution.id)).toEqual([])
      expect(await ctx.storage.listSteps(TENANT_A, one.execution.id)).toHaveLength(1)
    })
  })

  describe('events', () => {
    it('readEvents returns events after afterSeq, ascending, at most limit, with every field', async () => {
      const { execution, fence } = await createClaimed(ctx.storage)
      const events: StepwiseEvent[] = [
        { type: 'execution.started', seq: 1, executionId: execution.id, workflowId: execution.workflowId, at: isoAt(1), variables: { a: 1 } },
        makeEvent(execution.id, 2, { delta: 'Hel' }),
        makeEvent(execution.id, 3, { delta: 'lo ✓ "quoted" \n' }),
        ...makeEvents(execution.id, 4, 7),
      ]
      await ctx.storage.commit(TENANT_A, execution.id, fence, { events: events.slice(0, 3) })
      await ctx.storage.commit(TENANT_A, execution.id, fence, { events: events.slice(3) })
      expect(await ctx.storage.readEvents(TENANT_A, execution.id, 0, 100)).toEqual(events)
      expect(await ctx.storage.readEvents(TENANT_A, execution.id, 2, 3)).toEqual(events.slice(2, 5))
      expect((await ctx.storage.readEvents(TENANT_A, execution.id, 8, 100)).map((e) => e.seq)).toEqual([9, 10])
      expect(await ctx.storage.readEvents(TENANT_A, execution.id, 10, 100)).toEqual([])
      expect(await ctx.storage.readEvents(TENANT_A, execution.id, 50, 100)).toEqual([])
    })

    it('readEvents is empty for an unknown execution and does not mix executions', async () => {
      const one = await createClaimed(ctx.storage)
      const two = await createClaimed(ctx.storage)
      await ctx.storage.commit(TENANT_A, one.execution.id, one.fence, { events: makeEvents(one.execution.id, 1, 3) })
      await ctx.storage.commit(TENANT_A, two.execution.id, two.fence, { events: makeEvents(two.execution.id, 1, 1) })
      expect(await ctx.storage.readEvents(TENANT_A, 'exec-unknown', 0, 10)).toEqual([])
      const read = await ctx.storage.readEvents(TENANT_A, two.execution.id, 0, 10)
      expect(read.map((e) => [e.executionId, e.seq])).toEqual([[two.execution.id, 1]])
    })

    it('many small commits keep every event in order (streamed deltas)', async () => {
      const { execution, fence } = await createClaimed(ctx.storage)
      for (let seq = 1; seq <= 200; seq++) {
        await ctx.storage.commit(TENANT_A, execution.id, fence, { events: [makeEvent(execution.id, seq, { delta: `d${seq}` })] })
      }
      const read = await ctx.storage.readEvents(TENANT_A, execution.id, 0, 500)
      expect(read.map((e) => (e.type === 'agent.text.delta' ? e.delta : ''))).toEqual(Array.from({ length: 200 }, (_, i) => `d${i + 1}`))
      expect((await ctx.storage.getExecution(TENANT_A, execution.id))?.lastSeq).toBe(200)
    })

    it('deltas committed together read back one by one, from any seq and in pages of any size', async () => {
      const { execution, fence } = await createClaimed(ctx.storage)
      const id = execution.id
      const events: StepwiseEvent[] = [
        makeEvent(id, 1),
        ...Array.from({ length: 60 }, (_, i) => makeEvent(id, 2 + i, { delta: `t${i} ` })),
        ...Array.from({ length: 10 }, (_, i): StepwiseEvent => ({ ...(makeEvent(id, 62 + i, { delta: `r${i}` }) as AgentTextDeltaEvent), type: 'agent.reasoning.delta' })),
        makeEvent(id, 72),
        ...Array.from({ length: 8 }, (_, i) => makeEvent(id, 73 + i, { delta: `u${i}` })),
        makeEvent(id, 81, { delta: 'other step', stepId: 'step-2' }),
        { ...(makeEvent(id, 82, { delta: 'next turn' }) as AgentTextDeltaEvent), turnId: 'turn-2' },
      ]
      await ctx.storage.commit(TENANT_A, id, fence, { events: events.slice(0, 40) })
      await ctx.storage.commit(TENANT_A, id, fence, { events: events.slice(40) })
      expect(await ctx.storage.readEvents(TENANT_A, id, 0, 1_000)).toEqual(events)
      for (const after of [0, 1, 2, 30, 39, 40, 41, 61, 62, 70, 71, 72, 79, 80, 81, 82]) {
        for (const limit of [0, 1, 3, 25, 1_000]) {
          expect(await ctx.storage.readEvents(TENANT_A, id, after, limit)).toEqual(events.slice(after, after + limit))
        }
      }
      const paged: StepwiseEvent[] = []
      for (let page = await ctx.storage.readEvents(TENANT_A, id, 0, 7); page.length > 0; page = await ctx.storage.readEvents(TENANT_A, id, paged[paged.length - 1].seq, 7)) {
        paged.push(...page)
      }
      expect(paged).toEqual(events)
      expect((await ctx.storage.getExecution(TENANT_A, id))?.lastSeq).toBe(82)
    })
  })
}
