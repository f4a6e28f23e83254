import { tool } from 'ai'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createEngine, memoryStorage } from '../../src/index.js'
import { createTestClock } from '../../src/testing/index.js'
import { flush, recordingTool } from '../helpers.js'

describe('journal and resume', () => {
  it('a new engine on the same storage resumes a waiting execution and never re-runs completed steps', async () => {
    const storage = memoryStorage()
    const clock = createTestClock()
    const effect = recordingTool((input) => input.n)
    const wf = {
      id: 'resume',
      steps: [
        { id: 'a', type: 'tool', tool: 'effect', arguments: { n: 1 } },
        { id: 'l', type: 'loop', over: [1, 2], steps: [{ id: 'inner', type: 'tool', tool: 'effect', arguments: { n: '{{loop.item}}' } }] },
        { id: 'gate', type: 'approval' },
        { id: 'b', type: 'tool', tool: 'effect', arguments: { n: '{{outputs.a + outputs.inner}}' } },
      ],
    }
    const first = createEngine({ storage, clock, tools: { effect: effect.tool } })
    const waiting = await first.run(wf)
    await first.close()
    expect(effect.calls).toHaveLength(3)
    const second = createEngine({ storage, clock, tools: { effect: effect.tool } })
    await second.executions.approve(waiting.id, { approved: true })
    const done = await second.executions.settled(waiting.id)
    expect(done.status).toBe('completed')
    expect(effect.calls.map((c) => c.input.n)).toEqual([1, 1, 2, 3])
    expect(done.outputs.b).toBe(3)
  })

  it('a step interrupted by a crash runs again with the same idempotency key after the lease expires', async () => {
    const storage = memoryStorage()
    const clock = createTestClock()
    const keys: string[] = []
    let hang = true
    let releaseZombie: (value: string) => void = () => undefined
    const flaky = tool({
      inputSchema: z.object({}),
      execute: async (_input, options) => {
        keys.push((options.experimental_context as { idempotencyKey: string }).idempotencyKey)
        if (hang) return new Promise<string>((resolve) => (releaseZombie = resolve)) // the "crashed" process hangs
        return 'done'
      },
    })
    // The crashed process is frozen: its own clock never moves, so it never renews its lease.
    const crashed = createEngine({ storage, clock: createTestClock(), tools: { flaky }, leaseMs: 10_000, instanceId: 'crashed' })
    const started = await crashed.start({ id: 'crash', steps: [{ id: 'once', type: 'set', values: { x: '1' } }, { id: 'side', type: 'tool', tool: 'flaky' }] })
    await flush(20)
    expect(keys).toHaveLength(1)
    hang = false
    const recovered = createEngine({ storage, clock, tools: { flaky }, leaseMs: 10_000, instanceId: 'recovered' })
    await recovered.tick()
    expect(keys).toHaveLength(1) // lease still live: nothing to recover
    clock.advance(10_001)
    await recovered.tick()
    const done = await recovered.executions.settled(started.id)
    expect(done.status).toBe('completed')
    expect(keys).toEqual([keys[0], keys[0]])
    const steps = await recovered.executions.steps(started.id)
    expect(steps.filter((s) => s.stepId === 'once')).toHaveLength(1)
    expect(steps.filter((s) => s.stepId === 'side' && s.status === 'completed')).toHaveLength(1)
    // The zombie wakes up and finishes its call: its late commit is rejected by the fencing counter.
    releaseZombie('zombie result')
    await flush(20)
    const after = await recovered.executions.steps(started.id)
    expect(after.filter((s) => s.stepId === 'side')).toEqual(steps.filter((s) => s.stepId === 'side'))
    expect((await recovered.executions.get(started.id)).outputs.side).toBe('done')
  })

  it('writes per step are proportional to the step: a commit carries only that step’s row and events', async () => {
    const storage = memoryStorage()
    const sizes: number[] = []
    const spy = new Proxy(storage, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown
        if (prop === 'commit' && typeof value === 'function') {
          return (tenant: string, id: string, fence: number, batch: unknown) => {
            sizes.push(JSON.stringify(batch).length)
            return (value as (...a: unknown[]) => unknown).call(target, tenant, id, fence, batch)
          }
        }
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
      },
    })
    const big = recordingTool(() => 'x'.repeat(1000))
    const engine = createEngine({ storage: spy, tools: { big: big.tool } })
    const steps = Array.from({ length: 60 }, (_, i) => ({ id: `s${i}`, type: 'tool', tool: 'big' }))
    await engine.run({ id: 'prop', steps })
    const stepCommits = sizes.slice(1, -1)
    const early = stepCommits.slice(0, 10).reduce((a, b) => a + b, 0)
    const late = stepCommits.slice(-10).reduce((a, b) => a + b, 0)
    expect(late).toBeLessThan(early * 1.2)
  })
})
