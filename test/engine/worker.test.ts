import { tool } from 'ai'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createEngine, memoryStorage } from '../../src/index.js'
import { createTestClock } from '../../src/testing/index.js'
import { flush } from '../helpers.js'

describe('worker and close', () => {
  it('close() releases the lease of an execution still running after the grace period; another engine resumes it at once with the same key', async () => {
    const storage = memoryStorage()
    const clock = createTestClock()
    const keys: string[] = []
    let hang = true
    const effect = tool({
      inputSchema: z.object({}),
      execute: async (_input, options) => {
        keys.push((options.experimental_context as { idempotencyKey: string }).idempotencyKey)
        if (hang) await new Promise(() => undefined)
        return 'ok'
      },
    })
    const first = createEngine({ storage, clock, tools: { effect }, leaseMs: 60_000 })
    const started = await first.start({ id: 'c', steps: [{ id: 'e', type: 'tool', tool: 'effect' }] })
    await flush(10)
    await first.close({ graceMs: 20 })
    hang = false
    const second = createEngine({ storage, clock, tools: { effect }, leaseMs: 60_000 })
    expect((await second.tick()).resumed).toBe(1) // no waiting for the 60 s lease
    const done = await second.executions.settled(started.id)
    expect(done.status).toBe('completed')
    expect(keys).toEqual([keys[0], keys[0]])
    await expect(first.start({ id: 'x', steps: [{ id: 'e', type: 'tool', tool: 'effect' }] })).rejects.toMatchObject({ code: 'ENGINE_CLOSED' })
  })

  it('tick() drives at most `concurrency` executions at once', async () => {
    const storage = memoryStorage()
    const clock = createTestClock()
    let running = 0
    let peak = 0
    const slow = tool({
      inputSchema: z.object({}),
      execute: async () => {
        running++
        peak = Math.max(peak, running)
        await new Promise((r) => setTimeout(r, 5))
        running--
        return 1
      },
    })
    const parker = createEngine({ storage, clock, tools: { slow } })
    const ids = (await Promise.all(Array.from({ length: 8 }, () => parker.run({ id: 'w', steps: [{ id: 'n', type: 'wait', durationMs: 1000 }, { id: 's', type: 'tool', tool: 'slow' }] })))).map((e) => e.id)
    await parker.close()
    const worker = createEngine({ storage, clock, tools: { slow }, concurrency: 3 })
    clock.advance(1000)
    expect((await worker.tick()).resumed).toBe(8)
    expect(peak).toBe(3)
    for (const id of ids) expect((await worker.executions.get(id)).status).toBe('completed')
  })

  it('startWorker() ticks periodically on the engine clock and stops', async () => {
    const storage = memoryStorage()
    const clock = createTestClock()
    const parker = createEngine({ storage, clock })
    const waiting = await parker.run({ id: 'w', steps: [{ id: 'n', type: 'wait', durationMs: 5000 }] })
    await parker.close()
    const engine = createEngine({ storage, clock })
    const worker = engine.startWorker({ pollMs: 1000 })
    await flush()
    for (let i = 0; i < 5; i++) {
      expect((await engine.executions.get(waiting.id)).status).toBe('waiting')
      clock.advance(1000)
      await flush(10)
    }
    expect((await engine.executions.settled(waiting.id)).status).toBe('completed')
    await worker.stop()
  })
})
