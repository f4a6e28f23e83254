/**
 * The real system under the model-based test: engine instances over one memory storage, one live
 * at a time, each with its own test clock. A crashed instance is never closed: its clock stops
 * (no heartbeat, no timers) and its blocked tool calls stay pending until a command releases them
 * (a paused process resuming). Tool calls are recorded with their idempotency keys.
 */
import { tool } from 'ai'
import { z } from 'zod'
import { createEngine, memoryStorage, type Engine, type StorageAdapterV1 } from '../../src/index.js'
import { createTestClock, type TestClock } from '../../src/testing/index.js'
import { LEASE_MS, NAP_MS, T0 } from './reference-model.js'

/** The workflow of the model (reference-model.ts). */
export const FLOW = {
  id: 'flow',
  steps: [
    { id: 'work', type: 'tool', tool: 'work' },
    { id: 'gate', type: 'approval' },
    { id: 'nap', type: 'wait', durationMs: NAP_MS },
    { id: 'finish', type: 'tool', tool: 'finish' },
  ],
}
const ECHO = { id: 'echo', steps: [{ id: 'note', type: 'set', values: { tick: 'variables._trigger.tick' } }] }

/** A `work` call waiting to be released. */
export interface PendingCall {
  generation: number
  executionId: string
  release(): void
}

/** A recorded tool call. */
export interface RecordedCall {
  tool: 'work' | 'finish'
  generation: number
  executionId: string
  key: string
}

/** Engines over one storage; `live` is the instance of the current generation. */
export class RealSystem {
  readonly storage: StorageAdapterV1 = memoryStorage()
  readonly tenant = 'model'
  readonly pending: PendingCall[] = []
  readonly calls: RecordedCall[] = []
  readonly ids: string[] = []
  #clocks: TestClock[] = []
  #engines: Engine[] = []

  /** The live instance. */
  get live(): Engine {
    return this.#engines[this.#engines.length - 1]
  }

  /** Starts generation 0 and saves the workflows, the webhook and the minutely schedule. */
  static async create(): Promise<RealSystem> {
    const system = new RealSystem()
    system.#spawn(T0)
    await system.live.workflows.save(FLOW)
    await system.live.workflows.save(ECHO)
    await system.live.triggers.save({ name: 'hook', type: 'webhook', workflowId: 'flow', config: { path: 'hook' } })
    await system.live.triggers.save({ name: 'minutely', type: 'schedule', workflowId: 'echo', config: { cron: '* * * * *' } })
    return system
  }

  #spawn(now: number): void {
    const generation = this.#engines.length
    const record = (name: 'work' | 'finish', context: unknown): void => {
      const ctx = context as { executionId: string; idempotencyKey: string }
      this.calls.push({ tool: name, generation, executionId: ctx.executionId, key: ctx.idempotencyKey })
    }
    const work = tool({
      inputSchema: z.object({}),
      execute: (_input, options) =>
        new Promise<string>((resolve, reject) => {
          record('work', options.experimental_context)
          const call: PendingCall = { generation, executionId: (options.experimental_context as { executionId: string }).executionId, release: () => resolve('worked') }
          this.pending.push(call)
          options.abortSignal?.addEventListener('abort', () => {
            if (this.pending.includes(call)) this.pending.splice(this.pending.indexOf(call), 1)
            reject(options.abortSignal?.reason)
          })
        }),
    })
    const finish = tool({ inputSchema: z.object({}), execute: async (_input, options) => (record('finish', options.experimental_context), 'finished') })
    const clock = createTestClock(now)
    this.#clocks.push(clock)
    this.#engines.push(createEngine({ storage: this.storage, clock, tools: { work, finish }, leaseMs: LEASE_MS, instanceId: `generation-${generation}`, tenantId: this.tenant, scheduleGraceMs: 600_000 }))
  }

  /** The live instance dies; a new one starts at the same time. */
  crash(): void {
    this.#spawn(this.#clocks[this.#clocks.length - 1].now().getTime())
  }

  /**
   * Moves the live instance's clock (a dead one's stays where it stopped) and ticks. Time moves in
   * steps of a quarter lease so the live instance's heartbeats keep its leases (one jump past the
   * lease would look like a process stalled that long, whose executions anyone may take over).
   */
  async advance(ms: number): Promise<void> {
    const clock = this.#clocks[this.#clocks.length - 1]
    for (let left = ms; left > 0; left -= LEASE_MS / 4) {
      clock.advance(Math.min(left, LEASE_MS / 4))
      await this.settle()
    }
    await this.tick()
  }

  /**
   * `tick()` of the live instance. Not awaited: it resolves when the executions it resumed settle,
   * and one blocked in `work` waits for a later command.
   */
  async tick(): Promise<void> {
    void this.live.tick()
    await this.settle()
  }

  /** Releases a pending `work` call. */
  async release(call: PendingCall): Promise<void> {
    this.pending.splice(this.pending.indexOf(call), 1)
    call.release()
    await this.settle()
  }

  /** Waits until nothing changes any more: background drives, staged writes and flushes are done. */
  async settle(): Promise<void> {
    let last = ''
    for (let stable = 0; stable < 3; ) {
      for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve))
      const executions = await this.storage.listExecutions(this.tenant, { limit: 500 })
      const signature = `${this.pending.length}|${this.calls.length}|${executions.map((e) => `${e.status}${e.lastSeq}`).join(',')}`
      stable = signature === last ? stable + 1 : 0
      last = signature
    }
  }
}
