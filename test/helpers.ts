import { tool } from 'ai'
import { z } from 'zod'
import { createEngine, memoryStorage, type Engine, type EngineOptions, type StepwiseEvent } from '../src/index.js'
import { createTestClock, type TestClock } from '../src/testing/index.js'

/** A tool that records every call (input and experimental context). */
export function recordingTool<T = unknown>(result: (input: Record<string, unknown>, call: number) => T | Promise<T> = (input) => input as T) {
  const calls: { input: Record<string, unknown>; context: Record<string, unknown>; signal?: AbortSignal }[] = []
  const t = tool<Record<string, unknown>, unknown>({
    description: 'records calls',
    inputSchema: z.record(z.string(), z.unknown()),
    execute: async (input: Record<string, unknown>, options) => {
      calls.push({ input, context: options.experimental_context as Record<string, unknown>, signal: options.abortSignal })
      return result(input, calls.length)
    },
  })
  return { tool: t, calls }
}

/** An engine on memory storage with a test clock. */
export function testEngine(options: EngineOptions = {}): { engine: Engine; clock: TestClock } {
  const clock = (options.clock as TestClock | undefined) ?? createTestClock('2026-01-01T00:00:00.000Z')
  return { engine: createEngine({ storage: memoryStorage(), ...options, clock }), clock }
}

/** Collects all events of an execution from seq 1 until its terminal event. */
export async function collectEvents(engine: Engine, executionId: string, afterSeq = 0): Promise<StepwiseEvent[]> {
  const events: StepwiseEvent[] = []
  for await (const event of engine.events(executionId, { afterSeq })) events.push(event)
  return events
}

/** Reads the events stored so far (does not wait for a terminal event). */
export async function storedEvents(engine: Engine, executionId: string): Promise<StepwiseEvent[]> {
  const controller = new AbortController()
  const events: StepwiseEvent[] = []
  const iterator = engine.events(executionId, { signal: controller.signal })[Symbol.asyncIterator]()
  const execution = await engine.executions.get(executionId)
  void execution
  for (;;) {
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 30))
    const next = await Promise.race([iterator.next(), timeout])
    if (next === 'timeout' || next.done === true) break
    events.push(next.value)
  }
  controller.abort()
  return events
}

/** Waits for the microtask/timer queue to drain a few times. */
export async function flush(times = 5): Promise<void> {
  for (let i = 0; i < times; i++) await new Promise((resolve) => setImmediate(resolve))
}
