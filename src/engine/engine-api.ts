import { StepwiseError } from '../errors/stepwise-error.js'
import type { EngineCore, TriggerRuntime } from './engine-core.js'
import type { ApproveInput, Engine, WorkerHandle } from './engine-types.js'
import { createProposalsApi } from './proposals-api.js'
import type { StepwiseEvent, TriggerDeliveryEvent } from './events.js'
import { createExecutionsApi, decideByToken, findByToken, startExecution } from './executions-api.js'
import { createWorkflowsApi } from './workflows-api.js'

function triggerRuntime(core: EngineCore): TriggerRuntime {
  if (core.triggers === undefined) throw new StepwiseError('CONFIGURATION_INVALID', 'Triggers are not available on this engine.')
  return core.triggers
}

/** Builds the public engine API for one tenant over the shared core. */
export function createEngineApi(core: EngineCore, tenantId: string, actor?: string): Engine {
  const base = createExecutionsApi(core, tenantId)
  // The bound actor decides unless the call names someone.
  const withActor = <T extends { by?: string }>(input: T): T => (actor === undefined || input?.by !== undefined ? input : { ...input, by: actor })
  const executions = actor === undefined ? base : { ...base, approve: (id: string, input: ApproveInput) => base.approve(id, withActor(input)) }
  const workflows = createWorkflowsApi(core, tenantId, actor)
  let triggers: Engine['triggers'] | undefined
  const engine: Engine = {
    tenantId,
    actor,
    policy: core.servicesFor(undefined).policy,
    workflows,
    proposals: createProposalsApi(core, tenantId, workflows, actor),
    executions,
    approvals: {
      get: (token) => findByToken(core, tenantId, token),
      decide: (token, input) => decideByToken(core, tenantId, token, withActor(input)),
    },
    get triggers() {
      return (triggers ??= triggerRuntime(core).api(tenantId))
    },
    handleWebhook: (request, options = {}) => triggerRuntime(core).handleWebhook(options.tenantId ?? tenantId, request),
    emit: (name, payload, options) => triggerRuntime(core).emit(tenantId, name, payload, options),
    start: (workflow, options) => startExecution(core, tenantId, workflow, options),
    async run(workflow, options) {
      const started = await startExecution(core, tenantId, workflow, options)
      return executions.settled(started.id)
    },
    events(executionId, options = {}): AsyncIterable<StepwiseEvent> {
      return { [Symbol.asyncIterator]: () => core.events(tenantId, executionId, options.afterSeq ?? 0, options.signal) }
    },
    on(type: string, handler: (event: never, tenantId: string) => void) {
      if (type === 'trigger.delivery') return core.bus.onTriggerDelivery(handler as (event: TriggerDeliveryEvent, tenantId: string) => void)
      return core.bus.onType(type as '*', handler as (event: StepwiseEvent, tenantId: string) => void)
    },
    tick: () => core.tick(tenantId),
    startWorker(options = {}): WorkerHandle {
      const pollMs = options.pollMs ?? 1000
      let stopped = false
      let current: Promise<unknown> = Promise.resolve()
      let timer: { clear(): void } | undefined
      // Schedules are polled on their own: a long resume in tick() must not make ticks late.
      let scheduleTimer: { clear(): void } | undefined
      let schedules: Promise<unknown> = Promise.resolve()
      const pollSchedules = (): void => {
        if (stopped || core.closed) return
        schedules = core.tickSchedules(tenantId).finally(() => {
          if (!stopped) scheduleTimer = core.clock.setTimer(pollSchedules, pollMs)
        })
      }
      // Each poll queues what is due and does not wait for it to finish (p-queue bounds how many run).
      const running = new Set<Promise<unknown>>()
      const loop = (): void => {
        if (stopped || core.closed) return
        current = core
          .scan(tenantId)
          .then((queued) => {
            for (const job of queued) {
              const settled = job.catch(() => undefined)
              running.add(settled)
              void settled.then(() => running.delete(settled))
            }
          })
          .catch(() => undefined)
          .finally(() => {
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
      scheduleTimer = core.clock.setTimer(pollSchedules, pollMs)
      return {
        async stop() {
          stopped = true
          unsubscribe?.()
          timer?.clear()
          scheduleTimer?.clear()
          await Promise.all([current, schedules])
          await Promise.all(running)
        },
      }
    },
    close: (options = {}) => core.close(options.graceMs),
    forTenant: (other, options = {}) => createEngineApi(core, other, options.actor),
  }
  return engine
}
