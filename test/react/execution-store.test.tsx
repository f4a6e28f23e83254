// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import type { Engine, Execution, StepRecord, StepwiseEvent } from '../../src/index.js'
import { ExecutionStore, splitTurns, turnsOfStep } from '../../src/react/index.js'
import { scriptedModel } from '../../src/testing/index.js'
import { collectEvents, storedEvents, testEngine } from '../helpers.js'

/** An agent step whose first reply does not fit its schema (one repair turn), an approval, then a set. */
const REVIEW = {
  id: 'review',
  steps: [
    { id: 'draft', type: 'agent_prompt', model: 'm', prompt: 'Judge the change', outputSchema: { verdict: { type: 'string' } } },
    { id: 'gate', type: 'approval', prompt: 'Ship it?' },
    { id: 'done', type: 'set', values: { shipped: 'true' } },
  ],
}

interface WaitingRun {
  engine: Engine
  id: string
  execution: Execution
  steps: StepRecord[]
  events: StepwiseEvent[]
}

async function waitingRun(): Promise<WaitingRun> {
  const { engine } = testEngine({ models: { m: scriptedModel(['I think it is fine.', { json: { verdict: 'ship' } }]) } })
  const execution = await engine.run(REVIEW)
  expect(execution.status).toBe('waiting')
  return { engine, id: execution.id, execution, steps: await engine.executions.steps(execution.id), events: await storedEvents(engine, execution.id) }
}

const statuses = (steps: readonly StepRecord[]): Record<string, string> => Object.fromEntries(steps.map((s) => [`${s.stepId}#${s.attempt}`, s.status]))
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

describe('ExecutionStore', () => {
  it('rebuilds step records, agent turns and approvals from a real run', async () => {
    const run = await waitingRun()
    const store = new ExecutionStore()
    expect(store.getSnapshot().isLoading).toBe(true)
    for (const event of run.events) store.apply(event)
    store.load(run.execution, run.steps)
    const snapshot = store.getSnapshot()
    expect(snapshot.isLoading).toBe(false)
    expect(snapshot.status).toBe('waiting')
    expect(snapshot.lastSeq).toBe(run.events.length)
    expect(statuses(snapshot.steps)).toEqual(statuses(run.steps))

    const turns = turnsOfStep(snapshot.turns, { executionId: run.id, stepId: 'draft', iterationPath: '' })
    expect(turns.map((t) => [t.status, t.cause])).toEqual([
      ['cancelled', undefined],
      ['completed', 'repair'],
    ])
    expect(turns[0].text).toBe('I think it is fine.')
    expect(JSON.parse(turns[1].text)).toEqual({ verdict: 'ship' })
    const { current, previous } = splitTurns(turns)
    expect(current?.turnId).toBe(turns[1].turnId)
    expect(previous).toHaveLength(1)

    expect(snapshot.approvals).toEqual([{ executionId: run.id, stepId: 'gate', iterationPath: '', prompt: 'Ship it?', status: 'pending' }])
  })

  it('ends in the same state whether the fetch or the events come first, and never moves a finished record back', async () => {
    const run = await waitingRun()
    await run.engine.executions.approve(run.id, { approved: true, by: 'ana', comment: 'go' })
    const final = await run.engine.executions.settled(run.id)
    expect(final.status).toBe('completed')
    const events = await collectEvents(run.engine, run.id)
    const finalSteps = await run.engine.executions.steps(run.id)

    const fetchFirst = new ExecutionStore()
    fetchFirst.load(run.execution, run.steps) // fetched while it still waited
    for (const event of events) fetchFirst.apply(event)

    const eventsFirst = new ExecutionStore()
    for (const event of events) eventsFirst.apply(event)
    eventsFirst.load(run.execution, run.steps) // a slow, stale fetch answered last

    const replayOverFresh = new ExecutionStore()
    replayOverFresh.load(final, finalSteps)
    for (const event of events) replayOverFresh.apply(event)

    for (const store of [fetchFirst, eventsFirst, replayOverFresh]) {
      const snapshot = store.getSnapshot()
      expect(snapshot.status).toBe('completed')
      expect(snapshot.execution?.outputs).toEqual(final.outputs)
      expect(statuses(snapshot.steps)).toEqual(statuses(finalSteps))
      expect(snapshot.approvals[0]).toMatchObject({ status: 'approved', decision: { by: 'ana', comment: 'go' } })
    }
  })

  it('returns the same snapshot until something changes, and tells listeners once per burst', async () => {
    const run = await waitingRun()
    const store = new ExecutionStore()
    let calls = 0
    const unsubscribe = store.subscribe(() => (calls += 1))
    store.load(run.execution, run.steps)
    const loaded = store.getSnapshot()
    expect(store.getSnapshot()).toBe(loaded)
    for (const event of run.events) store.apply(event)
    const applied = store.getSnapshot()
    expect(applied).not.toBe(loaded)
    expect(calls).toBe(0)
    await tick()
    expect(calls).toBe(1)

    store.apply(run.events[3]) // a replayed seq changes nothing
    expect(store.getSnapshot()).toBe(applied)
    await tick()
    expect(calls).toBe(1)

    unsubscribe()
    store.setConnection('open')
    expect(store.getSnapshot()).not.toBe(applied)
    await tick()
    expect(calls).toBe(1)
  })

  it('caps the events it keeps', async () => {
    const run = await waitingRun()
    const store = new ExecutionStore({ maxEvents: 3 })
    for (const event of run.events) store.apply(event)
    expect(store.getSnapshot().events.map((e) => e.seq)).toEqual(run.events.slice(-3).map((e) => e.seq))
  })

  it('shows an approval as running at once and keeps it when the server accepts', async () => {
    const run = await waitingRun()
    const store = new ExecutionStore()
    store.load(run.execution, run.steps)
    for (const event of run.events) store.apply(event)

    const accepted = store.act('approve', 'running', () => run.engine.executions.approve(run.id, { approved: true, by: 'ana' }))
    expect(store.getSnapshot()).toMatchObject({ status: 'running', pending: 'approve' })
    expect(await accepted).toBe(true)
    expect(store.getSnapshot()).toMatchObject({ status: 'running', pending: undefined, error: undefined })

    await run.engine.executions.settled(run.id)
    for (const event of await collectEvents(run.engine, run.id, store.getSnapshot().lastSeq)) store.apply(event)
    expect(store.getSnapshot().status).toBe('completed')
  })

  it('rolls a refused denial back and exposes the error', async () => {
    const run = await waitingRun()
    const store = new ExecutionStore()
    store.load(run.execution, run.steps)
    for (const event of run.events) store.apply(event)
    await run.engine.executions.approve(run.id, { approved: true, by: 'someone-else' }) // decided elsewhere; this UI has not seen it

    const refused = store.act('deny', 'cancelled', () => run.engine.executions.approve(run.id, { approved: false, by: 'ana' }))
    expect(store.getSnapshot().status).toBe('cancelled')
    expect(await refused).toBe(false)
    const snapshot = store.getSnapshot()
    expect(snapshot.status).toBe('waiting')
    expect(snapshot.pending).toBeUndefined()
    expect((snapshot.error as { code?: string } | undefined)?.code).toBe('APPROVAL_ALREADY_DECIDED')
  })
})
