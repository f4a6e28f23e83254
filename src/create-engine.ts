import type { Notifier } from './adapters/notify/notifier.js'
import type { ShellAdapter } from './adapters/shell/shell-adapter.js'
import type { AgentRunner } from './adapters/model/agent-runner.js'
import { memoryStorage } from './adapters/storage/memory/memory-storage.js'
import type { StorageAdapter } from './adapters/storage/storage-adapter.js'
import { systemClock, type Clock } from './engine/clock.js'
import type { ToolPolicy } from './policy/policy.js'
import { createEngineApi } from './engine/engine-api.js'
import { EngineCore } from './engine/engine-core.js'
import type { Engine } from './engine/engine-types.js'
import type { ToolMap } from './engine/services.js'
import type { AnyStepType } from './engine/step-type.js'
import { StepwiseError } from './errors/stepwise-error.js'
import { createWorkflowValidator } from './language/validate-workflow.js'
import type { WorkflowLimits } from './language/workflow-types.js'
import { builtinStepTypes } from './steps/builtin-step-types.js'
import type { SchedulePromptHandler } from './triggers/api-types.js'
import { createTriggerRuntime } from './triggers/trigger-runtime.js'

/** Options of {@link createEngine}. */
export interface EngineOptions {
  /** Storage adapter (default: `memoryStorage()`, which keeps nothing across restarts). */
  storage?: StorageAdapter
  /** AI SDK tools by name, for `tool` steps and `agent_prompt` allow-lists. */
  tools?: ToolMap
  /** AI SDK language models by name (`{ default, fast }`), for `agent_prompt`. */
  models?: Record<string, unknown>
  /**
   * Agent runtime of `agent_prompt` steps (default: the AI SDK's `streamText` over `models`).
   * Pass `aiSdkAgent({ personas, maxRetries })` to configure the default, or your own
   * {@link AgentRunner} to run another agent.
   */
  agent?: AgentRunner
  /** Notifiers by target name, for `notify` steps. */
  notifiers?: Record<string, Notifier>
  /**
   * Tool policy: each tool's risk level (from `withToolMeta` or `policy.toolRisk`, default
   * `medium`) maps to `allow`, `approve` (the execution pauses for a person before the call has any
   * effect) or `deny`. Defaults: low and medium allow, high approve, critical deny.
   */
  policy?: ToolPolicy
  /** Shell adapter for `bash` steps (opt-in, e.g. `localShell()`). */
  shell?: ShellAdapter
  /** Clock (default: real time). Tests pass `createTestClock()`. */
  clock?: Clock
  /** Engine-wide limits; a workflow's own `limits` override them. */
  limits?: Partial<WorkflowLimits>
  /** Default tenant of the returned API (default `'default'`). */
  tenantId?: string
  /** Actor of the returned API (see `engine.forTenant(tenantId, { actor })`). */
  actor?: string
  /** Lease duration of a claimed execution (default 30 s). */
  leaseMs?: number
  /** Id of this engine instance in leases (default: random). */
  instanceId?: string
  /** Executions `tick()` and the worker drive at once (default 10). */
  concurrency?: number
  /** Additional step types (custom steps), by their `type`. */
  stepTypes?: readonly AnyStepType[]
  /** Receives the prompt of schedules with `config.target.prompt` (prefixed with `[Today is <date>]`). */
  onSchedulePrompt?: SchedulePromptHandler
  /** Largest webhook body accepted by `handleWebhook`, in bytes (default 1 MiB; larger → 413). */
  webhookMaxBodyBytes?: number
  /**
   * A schedule tick older than this (ms) when an engine first sees it counts as missed and follows
   * the trigger's `catchUp` policy (default 60 000). Keep it above the interval at which you call
   * `tick()` (`startWorker()` polls every second).
   */
  scheduleGraceMs?: number
}

/**
 * Creates a workflow engine over a storage adapter, with the host's tools, models and notifiers.
 *
 * @example
 * ```ts
 * import { createEngine, memoryStorage } from 'stepwise'
 * import { tool } from 'ai'
 * import { z } from 'zod'
 *
 * const engine = createEngine({
 *   storage: memoryStorage(),
 *   tools: { add: tool({ inputSchema: z.object({ a: z.number(), b: z.number() }), execute: async ({ a, b }) => a + b }) },
 * })
 * const execution = await engine.run({ id: 'sum', steps: [{ id: 'add', type: 'tool', tool: 'add', arguments: { a: 1, b: 2 } }] })
 * console.log(execution.outputs.add) // 3
 * ```
 */
export function createEngine(options: EngineOptions = {}): Engine {
  const registry = new Map<string, AnyStepType>()
  for (const type of [...builtinStepTypes, ...(options.stepTypes ?? [])]) registry.set(type.type, type)
  const storage = options.storage ?? memoryStorage()
  if (storage.specificationVersion !== 'v1') {
    throw new StepwiseError('ADAPTER_VERSION_UNSUPPORTED', `Storage adapter "${String((storage as { adapterId?: string }).adapterId)}" implements ${String(storage.specificationVersion)}; this engine supports v1.`)
  }
  const leaseMs = options.leaseMs ?? 30_000
  if (!(leaseMs > 0)) throw new StepwiseError('CONFIGURATION_INVALID', 'leaseMs must be a positive number.')
  const core = new EngineCore({
    storage,
    clock: options.clock ?? systemClock,
    registry,
    validator: createWorkflowValidator([...registry.values()].map((t) => t.schema)),
    tools: options.tools ?? {},
    notifiers: options.notifiers ?? {},
    ...(options.shell === undefined ? {} : { shell: options.shell }),
    models: options.models ?? {},
    ...(options.agent === undefined ? {} : { agent: options.agent }),
    ...(options.policy === undefined ? {} : { policy: options.policy }),
    limits: options.limits ?? {},
    leaseMs,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.instanceId === undefined ? {} : { owner: options.instanceId }),
  })
  for (const key of ['webhookMaxBodyBytes', 'scheduleGraceMs'] as const) {
    const value = options[key]
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) throw new StepwiseError('CONFIGURATION_INVALID', `${key} must be a positive number.`)
  }
  core.triggers = createTriggerRuntime(core, {
    ...(options.onSchedulePrompt === undefined ? {} : { onSchedulePrompt: options.onSchedulePrompt }),
    ...(options.webhookMaxBodyBytes === undefined ? {} : { webhookMaxBodyBytes: options.webhookMaxBodyBytes }),
    ...(options.scheduleGraceMs === undefined ? {} : { scheduleGraceMs: options.scheduleGraceMs }),
  })
  return createEngineApi(core, options.tenantId ?? 'default', options.actor)
}
