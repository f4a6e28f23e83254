import type { StepwiseError } from '../errors/stepwise-error.js'
import type { StepBase } from '../language/workflow-types.js'
import type { StepSchemaSpec } from '../language/step-schema-spec.js'
import type { StepDiagramMeta } from '../steps/diagram-meta.js'
import type { EventInput, StepEventBase, StepwiseEvent } from './events.js'
import type { ApprovalDecision, ApprovalRecord, StepRecord, WaitingFor } from './records.js'
import type { EngineServices } from './services.js'

/** Result of running a block of steps. */
export interface BlockResult {
  /** `ended`: an `end` step stopped the execution. */
  status: 'completed' | 'waiting' | 'failed' | 'cancelled' | 'ended'
  /** Error of a failed or cancelled block. */
  error?: StepwiseError
  /** Cancel reason. */
  reason?: string
  /** Output of the last step in the block that produced one. */
  lastOutput?: unknown
  /** What the block waits for (the first waiting step). */
  waitingFor?: WaitingFor
}

/** What a step executor returns. */
export type StepOutcome = CompletedOutcome | WaitingOutcome | FailedOutcome | CancelledOutcome | EndedOutcome

/** The step completed. */
export interface CompletedOutcome {
  /** Discriminator. */
  status: 'completed'
  /** The step's output. */
  output?: unknown
}

/** The step waits durably (approval, timer, or a container whose child waits). */
export interface WaitingOutcome {
  /** Discriminator. */
  status: 'waiting'
  /** What it waits for. */
  waitingFor: WaitingFor
  /** Epoch ms the execution should be woken (timers, approval expiry). */
  wakeAt?: number
  /** An approval to create with the waiting row. */
  approval?: ApprovalRecord
  /** Partial output, if any. */
  output?: unknown
}

/** The step failed. */
export interface FailedOutcome {
  /** Discriminator. */
  status: 'failed'
  /** Why (its `retryable` decides whether the retry policy applies). */
  error: StepwiseError
  /** Output kept on the failed row (e.g. a command's stderr). */
  output?: unknown
}

/** The step was cancelled. */
export interface CancelledOutcome {
  /** Discriminator. */
  status: 'cancelled'
  /** Why (`approval_denied`, `sibling_failed`, the caller's reason…). */
  reason: string
  /** The cancellation error. */
  error?: StepwiseError
}

/** The step ended the whole execution (`end` step). */
export interface EndedOutcome {
  /** Discriminator. */
  status: 'ended'
  /** The execution's output. */
  output?: unknown
  /** The execution's final status. */
  endStatus: 'completed' | 'failed'
  /** The error of a failed end. */
  error?: StepwiseError
}

/** A step-scoped event as a step emits it: the engine adds the back-pointers. */
export type StepEventInput = StepwiseEvent extends infer E
  ? E extends StepEventBase
    ? Omit<E, keyof StepEventBase>
    : never
  : never

/** The item of one loop iteration and the names it is visible under. */
export interface LoopBinding {
  /** The item. */
  item: unknown
  /** Its index. */
  index: number
  /** Variable name of the item (`variables.<itemVar>`). */
  itemVar: string
  /** Variable name of the index. */
  indexVar: string
}

/** Options of {@link StepContext.runBlock}. */
export interface RunBlockOptions {
  /** `isolated`: outputs written in the block stay local until merged by the caller (loops, parallel). */
  isolation?: 'shared' | 'isolated'
  /** Loop bindings for the block. */
  loop?: LoopBinding
  /** Signal that aborts the block (e.g. fail-fast of parallel branches). */
  signal?: AbortSignal
}

/** A block run in an isolated scope; `merge()` publishes its outputs into the parent scope. */
export interface IsolatedBlock {
  /** The block's result. */
  result: BlockResult
  /** Publishes the outputs written in the block into the caller's scope. */
  merge(): void
}

/**
 * Collects what isolated blocks wrote, so a container can publish it later (or never): loops
 * add each iteration as it ends and publish only when the whole loop completes.
 */
export interface OutputStage {
  /** Records a block's writes; a later block's write to the same key wins. */
  add(block: IsolatedBlock): void
  /** Publishes everything recorded into the container's scope. */
  commit(): void
}

/** Access to the approval record of the current step instance. */
export interface ApprovalAccess {
  /** Reads the approval of this step instance. */
  get(): Promise<ApprovalRecord | undefined>
  /** Decides it (first decision wins); returns the approval as stored. */
  decide(decision: ApprovalDecision): Promise<ApprovalRecord | undefined>
}

/** What an executor can use while it runs one step instance. */
export interface StepContext<TStep extends StepBase = StepBase> {
  /** The step definition. */
  readonly step: TStep
  /** Tenant. */
  readonly tenantId: string
  /** Execution. */
  readonly executionId: string
  /** Workflow. */
  readonly workflowId: string
  /** Iteration path of this instance. */
  readonly iterationPath: string
  /** Attempt number, from 1. */
  readonly attempt: number
  /** Stable across attempts and resumes: `hash(executionId, stepId, iterationPath)`. */
  readonly idempotencyKey: string
  /** Epoch ms the step instance first started (fixed across retries and resumes). */
  readonly startedAt: number
  /** Aborts on cancel, timeout, lease loss or a failing sibling. */
  readonly signal: AbortSignal
  /** The journaled row of this instance when it is resumed (waiting or interrupted). */
  readonly previous?: StepRecord
  /** The step rows of this execution as stored so far, every attempt (read from storage; e.g. an agent thread's history). */
  journal(): Promise<readonly StepRecord[]>
  /** Host services: tools, notifiers, shell, models, clock, limits. */
  readonly services: EngineServices
  /** The approval of this instance. */
  readonly approvals: ApprovalAccess
  /** Evaluates a JSONata expression (a `{{ }}` wrapper is accepted). */
  evaluate(source: string, field: string): Promise<unknown>
  /** Evaluates a condition (expression, boolean, or legacy `{variable, equals}`). */
  condition(condition: unknown, field: string): Promise<boolean>
  /** Renders a text template; missing paths render empty and emit `expression.warning`. */
  renderText(template: string, field: string): Promise<string>
  /** Resolves templates at any depth of a value. With `strict`, an undefined whole-value expression fails the step. */
  resolveValue(value: unknown, field: string, options?: { strict?: boolean }): Promise<unknown>
  /** Emits a step-scoped event (stored and streamed in order). */
  emit(event: StepEventInput): void
  /** Runs a nested block under `segment` (e.g. `loop1:i0`). */
  runBlock(steps: readonly StepBase[], segment: string, options?: RunBlockOptions): Promise<BlockResult>
  /** Runs a nested block in an isolated scope; the caller decides when to merge. */
  runIsolated(steps: readonly StepBase[], segment: string, options?: RunBlockOptions): Promise<IsolatedBlock>
  /** Creates a stage that collects isolated blocks' writes for this step's scope. */
  stage(): OutputStage
}

/**
 * A step type: one folder under `src/steps/` with its schema, executor and diagram metadata.
 * `prepare` resolves the input (pure: no side effects) and is journaled before `execute` runs,
 * so a resumed or retried instance reuses the same input.
 */
export interface StepType<TStep extends StepBase = StepBase, TInput = unknown> {
  /** The `type` value. */
  readonly type: TStep['type']
  /** Schema and static checks. */
  readonly schema: StepSchemaSpec<TStep>
  /** Diagram metadata. */
  readonly diagram: StepDiagramMeta<TStep>
  /** Container types run nested blocks; they are not retried and re-entered on resume. */
  readonly container?: boolean
  /** `generic` (default): the engine bounds each attempt by the step's timeout; `none`: the type handles time itself. */
  readonly timeout?: 'generic' | 'none'
  /** Timeout when neither the step nor the workflow defaults set one. */
  readonly defaultTimeoutMs?: number
  /** Custom timeout rule (e.g. clamping); overrides the generic `step ?? defaults ?? defaultTimeoutMs`. */
  timeoutFor?(step: TStep, workflowDefault: number | undefined): number | undefined
  /** Resolves the input (templates, conditions). Journaled with `step.started`. */
  prepare?(context: StepContext<TStep>): TInput | Promise<TInput>
  /** Runs the step. */
  execute(context: StepContext<TStep>, input: TInput): StepOutcome | Promise<StepOutcome>
  /** What a completed output publishes into `outputs` (default: `[outputVariable ?? id, output]`). */
  publish?(output: unknown, step: TStep): Iterable<readonly [string, unknown]>
}

/** Erased step type, as stored in a registry. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStepType = StepType<any, any>

/** Helper that types a step type definition. */
export function defineStepType<TStep extends StepBase, TInput = unknown>(definition: StepType<TStep, TInput>): StepType<TStep, TInput> {
  return definition
}

export type { EventInput }
