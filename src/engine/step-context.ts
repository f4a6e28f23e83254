import { StepwiseError } from '../errors/stepwise-error.js'
import {
  compileCondition,
  compileExpression,
  compileTemplate,
  compileValueTemplate,
  type CompiledValueTemplate,
  type EvaluationOptions,
  type ExpressionContext,
} from '../language/expressions/index.js'
import type { StepBase } from '../language/workflow-types.js'
import type { ExecutionRun } from './execution-run.js'
import type { ApprovalDecision, ApprovalRecord, StepRecord } from './records.js'
import { isolatedScope, mergeScope, publishOutput, setStepState, type Scope, type StepState } from './scope.js'
import type { EngineServices } from './services.js'
import type { ApprovalAccess, BlockResult, IsolatedBlock, OutputStage, RunBlockOptions, StepContext, StepEventInput } from './step-type.js'

/** Runs a block; injected to avoid a module cycle with the step runner. */
export type BlockRunner = (run: ExecutionRun, steps: readonly StepBase[], scope: Scope, path: string, signal: AbortSignal) => Promise<BlockResult>

const valueTemplates = new WeakMap<object, CompiledValueTemplate>()

function compiledValue(value: unknown): CompiledValueTemplate {
  if (typeof value !== 'object' || value === null) return compileValueTemplate(value)
  let compiled = valueTemplates.get(value)
  if (compiled === undefined) {
    compiled = compileValueTemplate(value)
    valueTemplates.set(value, compiled)
  }
  return compiled
}

function expressionError(error: unknown, field: string, stepId: string): StepwiseError {
  if (StepwiseError.isInstance(error)) {
    if (error.code === 'LIMIT_EXCEEDED' || error.code === 'EXPRESSION_FAILED') {
      return new StepwiseError(error.code, `${field}: ${error.message}`, { details: { ...error.details, field }, stepId, cause: error })
    }
    return error
  }
  return new StepwiseError('EXPRESSION_FAILED', `${field}: ${error instanceof Error ? error.message : String(error)}`, { details: { field }, stepId, cause: error })
}

/** Renders any value as template text. */
export function toText(value: unknown): string {
  if (typeof value === 'string') return value
  if (value === undefined) return ''
  if (value === null) return 'null'
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/** An isolated block's result plus its scope, to merge later. */
class Block implements IsolatedBlock {
  constructor(
    readonly result: BlockResult,
    private readonly parent: Scope,
    readonly child: Scope,
  ) {}

  merge(): void {
    mergeScope(this.parent, this.child)
  }
}

/** The {@link StepContext} of one step instance. */
export class StepContextImpl<TStep extends StepBase = StepBase> implements StepContext<TStep> {
  readonly step: TStep
  readonly iterationPath: string
  attempt: number
  readonly startedAt: number
  signal: AbortSignal
  readonly previous?: StepRecord
  readonly #run: ExecutionRun
  readonly #scope: Scope
  readonly #runBlock: BlockRunner
  #approvals?: ApprovalAccess

  constructor(
    run: ExecutionRun,
    step: TStep,
    scope: Scope,
    iterationPath: string,
    attempt: number,
    startedAt: number,
    signal: AbortSignal,
    previous: StepRecord | undefined,
    runBlock: BlockRunner,
  ) {
    this.#run = run
    this.step = step
    this.#scope = scope
    this.iterationPath = iterationPath
    this.attempt = attempt
    this.startedAt = startedAt
    this.signal = signal
    if (previous !== undefined) this.previous = previous
    this.#runBlock = runBlock
  }

  get tenantId(): string {
    return this.#run.tenantId
  }
  get executionId(): string {
    return this.#run.record.id
  }
  get workflowId(): string {
    return this.#run.record.workflowId
  }
  get idempotencyKey(): string {
    return `${this.#run.record.id}:${this.step.id}:${this.iterationPath}`
  }
  get services(): EngineServices {
    return this.#run.services
  }

  get approvals(): ApprovalAccess {
    if (this.#approvals === undefined) {
      const run = this.#run
      const { id: stepId } = this.step
      const path = this.iterationPath
      this.#approvals = {
        get: (): Promise<ApprovalRecord | undefined> => run.storage.getApproval(run.tenantId, run.record.id, stepId, path),
        decide: async (decision: ApprovalDecision): Promise<ApprovalRecord | undefined> =>
          (await run.storage.decideApproval(run.tenantId, run.record.id, stepId, path, decision))?.approval,
      }
    }
    return this.#approvals
  }

  #expressionContext(): ExpressionContext {
    const scope = this.#scope
    const context: ExpressionContext = { variables: scope.variables, outputs: scope.outputs, steps: scope.steps, execution: this.#run.executionInfo }
    if (scope.loop !== undefined) context.loop = scope.loop
    return context
  }

  #options(): EvaluationOptions {
    return { now: this.startedAt, timeoutMs: this.#run.limits.expressionTimeoutMs, maxDepth: 200, maxSequence: 100_000 }
  }

  async evaluate(source: string, field: string): Promise<unknown> {
    try {
      return await compileExpression(source).evaluate(this.#expressionContext(), this.#options())
    } catch (error) {
      throw expressionError(error, field, this.step.id)
    }
  }

  async condition(condition: unknown, field: string): Promise<boolean> {
    try {
      return Boolean(await compileCondition(condition).evaluate(this.#expressionContext(), this.#options()))
    } catch (error) {
      throw expressionError(error, field, this.step.id)
    }
  }

  async renderText(template: string, field: string): Promise<string> {
    let compiled
    try {
      compiled = compileTemplate(template)
      if (compiled.isStatic) return template
      const result = await compiled.render(this.#expressionContext(), this.#options())
      this.#warnMissing(field, result.missing)
      if (compiled.isSingle && result.value === undefined) this.#warnMissing(field, [template])
      return toText(result.value)
    } catch (error) {
      throw expressionError(error, field, this.step.id)
    }
  }

  async resolveValue(value: unknown, field: string, options: { strict?: boolean } = {}): Promise<unknown> {
    let result
    try {
      const compiled = compiledValue(value)
      if (compiled.isStatic) return value
      result = await compiled.render(this.#expressionContext(), this.#options())
    } catch (error) {
      throw expressionError(error, field, this.step.id)
    }
    if (options.strict === true && result.undefinedWhole.length > 0) {
      const first = result.undefinedWhole[0]
      throw new StepwiseError('EXPRESSION_FAILED', `${field}${first.pointer}: expression ${first.expression} is undefined.`, {
        details: { field: `${field}${first.pointer}`, expression: first.expression },
        stepId: this.step.id,
      })
    }
    for (const missing of result.missing) this.#warnMissing(`${field}${missing.pointer}`, [missing.expression])
    return result.value
  }

  #warnMissing(field: string, expressions: readonly string[]): void {
    for (const expression of expressions) {
      this.emit({ type: 'expression.warning', field, expression, message: `${expression} is undefined; rendered as empty text.` })
    }
  }

  journal(): Promise<readonly StepRecord[]> {
    return this.#run.storage.listSteps(this.#run.tenantId, this.#run.record.id)
  }

  emit(event: StepEventInput): void {
    this.#run.emitStep(event, this.step.id, this.step.type, this.iterationPath, this.attempt)
  }

  #childPath(segment: string): string {
    return this.iterationPath === '' ? segment : `${this.iterationPath}/${segment}`
  }

  runBlock(steps: readonly StepBase[], segment: string, options: RunBlockOptions = {}): Promise<BlockResult> {
    if (options.isolation === 'isolated' || options.loop !== undefined) {
      return this.runIsolated(steps, segment, options).then((block) => {
        block.merge()
        return block.result
      })
    }
    return this.#runBlock(this.#run, steps, this.#scope, this.#childPath(segment), options.signal ?? this.signal)
  }

  async runIsolated(steps: readonly StepBase[], segment: string, options: RunBlockOptions = {}): Promise<IsolatedBlock> {
    const child = isolatedScope(this.#scope, options.loop)
    const result = await this.#runBlock(this.#run, steps, child, this.#childPath(segment), options.signal ?? this.signal)
    return new Block(result, this.#scope, child)
  }

  stage(): OutputStage {
    const scope = this.#scope
    const outputs = new Map<string, unknown>()
    const steps = new Map<string, StepState>()
    return {
      add(block: IsolatedBlock): void {
        const child = (block as Block).child
        if (child.written !== undefined) for (const key of child.written) outputs.set(key, child.outputs[key])
        if (child.touched !== undefined) for (const id of child.touched) steps.set(id, child.steps[id])
      },
      commit(): void {
        for (const [key, value] of outputs) publishOutput(scope, key, value)
        for (const [id, state] of steps) setStepState(scope, id, state)
      },
    }
  }
}
