import type { EngineCore } from './engine-core.js'
import type { Engine, WorkerHandle } from './engine-types.js'
import type { StepwiseEvent } from './events.js'
import { createExecutionsApi, decideByToken, findByToken, startExecution } from './executions-api.js'
import { createWorkflowsApi } from './workflows-api.js'

/** Builds the public engine API for one tenant over the shared core. */
export function createEngineApi(core: EngineCore, tenantId: string): Engine {
  const executions = createExecutionsApi(core, tenantId)
  const engine: Engine = {
    tenantId,
    workflows: createWorkflowsApi(core, tenantId),
    executions,
    approvals: {
      get: (token) => findByToken(core, tenantId, token),
      decide: (token, input) => decideByToken(core, tenantId, token, input),
    },
    start: (workflow, options) => startExecution(core, tenantId, workflow, options),
    async run(workflow, options) {
      const started = await startExecution(core, tenantId, workflow, options)
      return executions.settled(started.id)
    },
    events(executionId, options = {}): AsyncIterable<StepwiseEvent> {
      return { [Symbol.asyncIterator]: () => core.events(tenantId, executionId, options.afterSeq ?? 0, options.signal) }
    },
    on(type: string, handler: (event: never, tenantId: string) => void) {
      return core.bus.onType(type as '*', handler as (event: StepwiseEvent, tenantId: string) => void)
    },
    tick: () => core.tick(tenantId),
    startWorker(options = {}): WorkerHandle {
      const pollMs = options.pollMs ?? 1000
      let stopped = false
      let current: Promise<unknown> = Promise.resolve()
      let timer: { clear(): void } | undefined
      const loop = (): void => {
        if (stopped || core.closed) return
        current = core.tick(tenantId).catch(() => undefined).finally(() => {
          if (!stopped) timer = core.clock.setTimer(loop, pollMs)
        })
      }
      // Work signalled by another process (new execution, decided approval) is picked up at once.
      let pending = false
      const unsubscribe = core.storage.notifications?.onWork((tenant) => {
        if (tenant !== tenantId || stopped || pending) return
        pending = true
        void current.then(() => {
          pending = false
          if (stopped) return
          timer?.clear()
          loop()
        })
      })
      loop()
      return {
        async stop() {
          stopped = true
          unsubscribe?.()
          timer?.clear()
          await current
        },
      }
    },
    close: (options = {}) => core.close(options.graceMs),
    forTenant: (other) => createEngineApi(core, other),
  }
  return engine
}
