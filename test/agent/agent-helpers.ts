import { aiSdkAgent, createEngine, memoryStorage, type Engine, type EngineOptions, type StepwiseEvent } from '../../src/index.js'
import { createTestClock, type TestClock } from '../../src/testing/index.js'

/** An engine on memory storage with a test clock and the AI SDK runner without its own retries. */
export function agentEngine(options: EngineOptions = {}): { engine: Engine; clock: TestClock } {
  const clock = (options.clock as TestClock | undefined) ?? createTestClock('2026-01-01T00:00:00.000Z')
  return { engine: createEngine({ storage: memoryStorage(), agent: aiSdkAgent({ maxRetries: 0 }), ...options, clock }), clock }
}

/** Every event of an execution until its terminal event. */
export async function eventsOf(engine: Engine, executionId: string): Promise<StepwiseEvent[]> {
  const events: StepwiseEvent[] = []
  for await (const event of engine.events(executionId)) events.push(event)
  return events
}

/** The agent.* events, compacted to what the tests compare. */
export function agentTrace(events: readonly StepwiseEvent[]): string[] {
  const trace: string[] = []
  for (const event of events) {
    if (event.type === 'agent.turn.started') trace.push(`start ${event.model}${event.cause === undefined ? '' : ` (${event.cause})`}`)
    else if (event.type === 'agent.turn.finished') trace.push(`finish ${event.reason}`)
    else if (event.type === 'agent.tool.call') trace.push(`call ${event.toolName}`)
    else if (event.type === 'agent.tool.result') trace.push(`result ${event.toolName}${event.isError === true ? ' error' : ''}`)
  }
  return trace
}

/** Waits until `predicate` holds, letting timers and I/O run (real time, bounded). */
export async function until(predicate: () => boolean, label = 'condition'): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (predicate()) return
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  throw new Error(`timed out waiting for ${label}`)
}
