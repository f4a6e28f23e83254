import { describe, expect, it } from 'vitest'
import { createEngine, memoryStorage, type StepwiseEvent } from '../../src/index.js'
import { createTestClock } from '../../src/testing/index.js'
import { collectEvents, flush, recordingTool, testEngine } from '../helpers.js'

describe('wait', () => {
  it('parks durably until the test clock passes the time, then resumes (also on a new engine)', async () => {
    const storage = memoryStorage()
    const clock = createTestClock('2026-05-01T10:00:00Z')
    const first = createEngine({ storage, clock })
    const waiting = await first.run({ id: 'w', steps: [{ id: 'nap', type: 'wait', durationMs: 3_600_000 }, { id: 'after', type: 'set', values: { t: '$now()' } }] })
    expect(waiting.waitingFor).toEqual({ kind: 'timer', stepId: 'nap', iterationPath: '', until: '2026-05-01T11:00:00.000Z' })
    await first.close()
    const second = createEngine({ storage, clock })
    clock.advance(3_599_000)
    expect((await second.tick()).resumed).toBe(0)
    clock.advance(1_000)
    expect((await second.tick()).resumed).toBe(1)
    const done = await second.executions.settled(waiting.id)
    expect(done.status).toBe('completed')
    expect(done.outputs.nap).toEqual({ waitedMs: 3_600_000 })
    expect(done.outputs.t).toBe('2026-05-01T11:00:00.000Z')
  })

  it('the engine wakes its own parked timers without an explicit tick', async () => {
    const clock = createTestClock()
    const engine = createEngine({ storage: memoryStorage(), clock })
    const waiting = await engine.run({ id: 'w2', steps: [{ id: 'nap', type: 'wait', until: '"2026-01-01T00:00:05Z"' }] })
    expect(waiting.status).toBe('waiting')
    clock.advance(5_000)
    await flush(10)
    expect((await engine.executions.settled(waiting.id)).status).toBe('completed')
  })

  it('wakes every parked timer in turn, not only the earliest', async () => {
    const clock = createTestClock()
    const engine = createEngine({ storage: memoryStorage(), clock })
    const late = await engine.run({ id: 'late', steps: [{ id: 'nap', type: 'wait', durationMs: 10_000 }] })
    const early = await engine.run({ id: 'early', steps: [{ id: 'nap', type: 'wait', durationMs: 5_000 }] })
    clock.advance(5_000)
    await flush(10)
    expect((await engine.executions.settled(early.id)).status).toBe('completed')
    expect((await engine.executions.get(late.id)).status).toBe('waiting')
    clock.advance(5_000)
    await flush(10)
    expect((await engine.executions.settled(late.id)).status).toBe('completed')
  })
})

describe('events', () => {
  it('replays from afterSeq then follows live without gaps or duplicates', async () => {
    const { engine } = testEngine()
    const waiting = await engine.run({ id: 'ev', steps: [{ id: 's', type: 'set', values: { a: '1' } }, { id: 'g', type: 'approval' }, { id: 't', type: 'set', values: { b: '2' } }] })
    const seen: StepwiseEvent[] = []
    const reader = (async () => {
      for await (const event of engine.events(waiting.id, { afterSeq: 2 })) seen.push(event)
    })()
    await flush()
    await engine.executions.approve(waiting.id, { approved: true })
    await reader
    expect(seen[0].seq).toBe(3)
    expect(seen.map((e) => e.seq)).toEqual(seen.map((_, i) => i + 3))
    expect(seen.at(-1)?.type).toBe('execution.completed')
    const all = await collectEvents(engine, waiting.id)
    expect(all.slice(2)).toEqual(seen)
  })

  it('events of an unknown execution reject with NOT_FOUND', async () => {
    const { engine } = testEngine()
    await expect(collectEvents(engine, 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('a missing template path renders empty and emits expression.warning', async () => {
    const t = recordingTool()
    const { engine } = testEngine({ tools: { t: t.tool } })
    const done = await engine.run({ id: 'warn', steps: [{ id: 's', type: 'tool', tool: 't', arguments: { text: 'hi {{variables.nobody}}!' } }] })
    expect(t.calls[0].input.text).toBe('hi !')
    const warnings = (await collectEvents(engine, done.id)).filter((e) => e.type === 'expression.warning')
    expect(warnings).toHaveLength(1)
  })
})
