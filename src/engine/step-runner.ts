import { StepwiseError } from '../errors/stepwise-error.js'
import type { RetryPolicy, StepBase } from '../language/workflow-types.js'
import { sleep } from './clock.js'
import { journalKey, type ExecutionRun } from './execution-run.js'
import { TERMINAL_STEP_STATUSES, type ExecutionError, type StepRecord } from './records.js'
import { publishOutput, setStepState, type Scope } from './scope.js'
import { StepContextImpl } from './step-context.js'
import type { AnyStepType, BlockResult, StepOutcome } from './step-type.js'

/** Result of one step inside a block: `continue` = move on without an output (skipped, or failed with onError continue). */
type StepResult = BlockResult | { status: 'continue' }

const RETRY_DEFAULTS = { maxAttempts: 1, backoffMs: 1000, factor: 2, maxBackoffMs: 60_000, jitter: false }

/** Runs the steps of a block in the order written. */
export async function runBlock(run: ExecutionRun, steps: readonly StepBase[], scope: Scope, path: string, signal: AbortSignal): Promise<BlockResult> {
  let lastOutput: unknown
  for (const step of steps) {
    const result = await runStep(run, step, scope, path, signal)
    if (result.status === 'continue') continue
    if (result.status === 'completed') {
      if (result.lastOutput !== undefined) lastOutput = result.lastOutput
      continue
    }
    if (result.lastOutput === undefined && lastOutput !== undefined) result.lastOutput = lastOutput
    return result
  }
  return { status: 'completed', lastOutput }
}

function errorJSON(error: StepwiseError, stepId: string, reason?: string): ExecutionError {
  const json: ExecutionError = { code: error.code, message: error.message, stepId: error.stepId ?? stepId }
  if (error.details !== undefined) json.details = error.details
  if (reason !== undefined) json.reason = reason
  return json
}

function errorFromJSON(json: ExecutionError | undefined, stepId: string): StepwiseError {
  return new StepwiseError(json?.code ?? 'STEP_FAILED', json?.message ?? 'Step failed', { stepId: json?.stepId ?? stepId, details: json?.details })
}

function jsonSize(value: unknown): number {
  if (value === undefined) return 0
  if (typeof value === 'string') return value.length + 2
  if (typeof value !== 'object' || value === null) return 8
  const text = JSON.stringify(value)
  return text === undefined ? 0 : text.length
}

function publish(run: ExecutionRun, type: AnyStepType, step: StepBase, scope: Scope, output: unknown, status: string): void {
  setStepState(scope, step.id, output === undefined ? { status } : { status, output })
  if (output === undefined) return
  if (type.publish !== undefined) {
    for (const [key, value] of type.publish(output, step)) publishOutput(scope, key, value)
  } else {
    publishOutput(scope, step.outputVariable ?? step.id, output)
  }
}

/** Retry policies by step, for the definition they were computed from (steps belong to one definition). */
const policies = new WeakMap<StepBase, { definition: object; policy: Required<RetryPolicy> }>()

function retryPolicy(run: ExecutionRun, step: StepBase): Required<RetryPolicy> {
  const cached = policies.get(step)
  if (cached !== undefined && cached.definition === run.definition) return cached.policy
  const defaults = run.definition.defaults?.retry
  const policy = { ...RETRY_DEFAULTS, ...defaults, ...step.retry }
  policies.set(step, { definition: run.definition, policy })
  return policy
}

function backoff(policy: Required<RetryPolicy>, attempt: number): number {
  const base = Math.min(policy.backoffMs * Math.pow(policy.factor, attempt - 1), policy.maxBackoffMs)
  return policy.jitter ? Math.round(base * (0.5 + Math.random() * 0.5)) : base
}

function timeoutOf(run: ExecutionRun, type: AnyStepType, step: StepBase): number | undefined {
  if (type.timeout === 'none') return undefined
  if (type.container === true) return step.timeoutMs
  const workflowDefault = run.definition.defaults?.timeoutMs
  if (type.timeoutFor !== undefined) return type.timeoutFor(step, workflowDefault)
  return step.timeoutMs ?? workflowDefault ?? type.defaultTimeoutMs
}

function abortOutcome(reason: unknown): StepOutcome {
  const error = StepwiseError.from(reason, 'CANCELLED')
  if (error.code === 'CANCELLED') return { status: 'cancelled', reason: String(error.details?.reason ?? 'cancelled'), error }
  return { status: 'failed', error }
}

/** Runs one attempt: bounded by the step's timeout when it has one, abandoned when its signal aborts. */
function executeAttempt(run: ExecutionRun, type: AnyStepType, context: StepContextImpl, input: unknown, parent: AbortSignal): StepOutcome | Promise<StepOutcome> {
  const timeoutMs = timeoutOf(run, type, context.step)
  // No timeout (the common case): no controller, timer or async frame of its own.
  return timeoutMs === undefined ? runAttempt(run, type, context, input, parent) : executeWithTimeout(run, type, context, input, parent, timeoutMs)
}

/** Executes the step under `signal`; a throw or rejection becomes a failed (or, once aborted, cancelled) outcome. */
function runAttempt(run: ExecutionRun, type: AnyStepType, context: StepContextImpl, input: unknown, signal: AbortSignal): StepOutcome | Promise<StepOutcome> {
  context.signal = signal
  if (signal.aborted) return abortOutcome(signal.reason)
  const onError = (error: unknown): StepOutcome => (signal.aborted ? abortOutcome(signal.reason) : { status: 'failed', error: StepwiseError.from(error, 'STEP_FAILED') })
  let pending: StepOutcome | Promise<StepOutcome>
  try {
    pending = type.execute(context, input)
  } catch (error) {
    return onError(error)
  }
  if (!(pending instanceof Promise)) return pending
  // A tool that ignores its abort signal is abandoned: the step ends when the signal aborts.
  return Promise.race([pending, run.abortPromise(signal)]).then(undefined, onError)
}

async function executeWithTimeout(run: ExecutionRun, type: AnyStepType, context: StepContextImpl, input: unknown, parent: AbortSignal, timeoutMs: number): Promise<StepOutcome> {
  const own = new AbortController()
  const onParent = (): void => own.abort(parent.reason)
  if (parent.aborted) own.abort(parent.reason)
  else parent.addEventListener('abort', onParent, { once: true })
  const timer = run.services.clock.setTimer(() => {
    own.abort(new StepwiseError('STEP_TIMEOUT', `Step ${context.step.id} timed out after ${timeoutMs} ms.`, { stepId: context.step.id, details: { timeoutMs } }))
  }, timeoutMs)
  try {
    return await runAttempt(run, type, context, input, own.signal)
  } finally {
    timer.clear()
    parent.removeEventListener('abort', onParent)
  }
}

function restoreTerminal(run: ExecutionRun, type: AnyStepType, step: StepBase, scope: Scope, row: StepRecord): StepResult | undefined {
  switch (row.status) {
    case 'completed':
      publish(run, type, step, scope, row.output, 'completed')
      if (run.ended === undefined && step.type === 'end') {
        const input = row.input as { status?: 'completed' | 'failed'; error?: string } | undefined
        const ended: NonNullable<ExecutionRun['ended']> = { status: input?.status ?? 'completed', output: row.output }
        if (ended.status === 'failed') ended.error = new StepwiseError('STEP_FAILED', input?.error ?? 'Workflow ended with status failed.', { stepId: step.id })
        run.ended = ended
        return { status: 'ended', lastOutput: row.output }
      }
      return { status: 'completed', lastOutput: row.output }
    case 'skipped':
      publish(run, type, step, scope, row.output, 'skipped')
      return { status: 'continue' }
    case 'cancelled':
      setStepState(scope, step.id, { status: 'cancelled', error: row.error })
      return { status: 'cancelled', reason: row.error?.reason ?? 'cancelled', error: errorFromJSON(row.error, step.id) }
    case 'failed':
      setStepState(scope, step.id, { status: 'failed', error: row.error })
      if (step.onError === 'continue') return { status: 'continue' }
      return undefined // the caller decides whether a retry attempt is still due
    default:
      return undefined
  }
}

/** A new step row; every field present so all rows share one shape. */
function newRow(run: ExecutionRun, step: StepBase, path: string, attempt: number, status: StepRecord['status'], startedAt: string, input: unknown, endedAt?: string): StepRecord {
  return { executionId: run.record.id, stepId: step.id, stepType: step.type, iterationPath: path, attempt, status, input, output: undefined, error: undefined, waitingFor: undefined, startedAt, endedAt }
}

/** The next state of a row (rows are never mutated: storage may hold the previous object). */
function nextRow(row: StepRecord, status: StepRecord['status'], changes: { output?: unknown; error?: ExecutionError; waitingFor?: StepRecord['waitingFor']; endedAt?: string }): StepRecord {
  return {
    executionId: row.executionId,
    stepId: row.stepId,
    stepType: row.stepType,
    iterationPath: row.iterationPath,
    attempt: row.attempt,
    status,
    input: row.input,
    output: changes.output,
    error: changes.error,
    waitingFor: changes.waitingFor,
    startedAt: row.startedAt,
    endedAt: changes.endedAt,
  }
}

/** Runs one step instance: journal lookup, `if`, prepare, attempts with retry and timeout, commit. */
export async function runStep(run: ExecutionRun, step: StepBase, scope: Scope, path: string, signal: AbortSignal): Promise<StepResult> {
  const type = run.stepType(step)
  // The journal holds what storage had when this pass began; each instance is visited once per pass.
  const key = run.journal.size === 0 && run.replay === undefined ? '' : journalKey(step.id, path)
  const latest = run.journal.size === 0 ? undefined : run.journal.get(key)
  run.visited += 1

  if (latest !== undefined && TERMINAL_STEP_STATUSES.has(latest.status)) {
    if (type.container === true && latest.status === 'completed') {
      // Walk the finished container again (read-only): its children restore from the journal
      // and republish what they wrote, which the container's own row does not hold.
      const replayContext = new StepContextImpl(run, step, scope, path, latest.attempt, Date.parse(latest.startedAt), signal, latest, runBlock)
      await type.execute(replayContext, latest.input)
    }
    const restored = restoreTerminal(run, type, step, scope, latest)
    if (restored !== undefined) return restored
    const error = errorFromJSON(latest.error, step.id)
    const policy = retryPolicy(run, step)
    if (type.container === true || !error.retryable || latest.attempt >= policy.maxAttempts) return { status: 'failed', error }
  }
  if (signal.aborted) return toBlock(abortOutcome(signal.reason))

  const resuming = latest !== undefined && !TERMINAL_STEP_STATUSES.has(latest.status) ? latest : undefined
  let attempt = resuming?.attempt ?? (latest?.attempt ?? 0) + 1
  const startedAt = resuming !== undefined || latest !== undefined ? Date.parse((latest as StepRecord).startedAt) : run.now()
  const context = new StepContextImpl(run, step, scope, path, attempt, startedAt, signal, resuming, runBlock)

  if (latest === undefined) {
    if (run.visited > run.limits.maxSteps) {
      const error = new StepwiseError('LIMIT_EXCEEDED', `Limit maxSteps (${run.limits.maxSteps}) exceeded at step ${step.id}.`, { stepId: step.id, details: { limit: 'maxSteps', value: run.limits.maxSteps } })
      return finishFailed(run, step, scope, newRow(run, step, path, attempt, 'running', run.iso(startedAt), undefined), error, context, true)
    }
    if (run.replay !== undefined && type.container !== true && run.replay.shouldReplay(step.id, path)) {
      const source = run.replay.rows.get(key)
      if (source !== undefined) {
        const iso = run.iso(startedAt)
        const row = nextRow(newRow(run, step, path, 1, 'skipped', iso, source.input), 'skipped', { output: source.output, endedAt: iso })
        context.emit(source.output === undefined ? { type: 'step.skipped', reason: 'retry_from' } : { type: 'step.skipped', reason: 'retry_from', output: source.output })
        await run.commit({ steps: [row] })
        publish(run, type, step, scope, source.output, 'skipped')
        return { status: 'completed', lastOutput: source.output }
      }
    }
    if (step.if !== undefined) {
      let runIt: boolean
      try {
        runIt = await context.condition(step.if, '/if')
      } catch (error) {
        return finishFailed(run, step, scope, newRow(run, step, path, attempt, 'running', run.iso(startedAt), undefined), StepwiseError.from(error, 'EXPRESSION_FAILED'), context, true)
      }
      if (!runIt) {
        const iso = run.iso(startedAt)
        const row = newRow(run, step, path, attempt, 'skipped', iso, undefined, iso)
        context.emit({ type: 'step.skipped', reason: 'condition' })
        await run.commit({ steps: [row] })
        setStepState(scope, step.id, { status: 'skipped' })
        return { status: 'continue' }
      }
    }
  }

  let input: unknown = latest?.input
  if (latest === undefined && type.prepare !== undefined) {
    try {
      const prepared = type.prepare(context)
      input = prepared instanceof Promise ? await prepared : prepared
    } catch (error) {
      return finishFailed(run, step, scope, newRow(run, step, path, attempt, 'running', run.iso(startedAt), undefined), StepwiseError.from(error, 'STEP_FAILED'), context, true)
    }
  }

  const policy = retryPolicy(run, step)
  let row = resuming as StepRecord
  let fresh = resuming === undefined
  for (;;) {
    const attemptStart = run.now()
    if (fresh) {
      row = newRow(run, step, path, attempt, 'running', run.iso(attemptStart), input)
      run.emitStepEvent('step.started', row, input, undefined)
      run.stage(row)
    } else if (row.status === 'running' && type.container !== true) {
      context.emit(input === undefined ? { type: 'step.started' } : { type: 'step.started', input })
    }

    let outcome = await executeAttempt(run, type, context, input, signal)
    const endMs = run.now()
    const endIso = run.iso(endMs)
    const durationMs = endMs - attemptStart

    if (outcome.status === 'completed' || outcome.status === 'ended') {
      const size = jsonSize(outcome.output)
      if (size > run.limits.maxOutputBytes) {
        outcome = { status: 'failed', error: new StepwiseError('LIMIT_EXCEEDED', `Output of step ${step.id} is ${size} bytes; limit maxOutputBytes is ${run.limits.maxOutputBytes}.`, { stepId: step.id, details: { limit: 'maxOutputBytes', value: run.limits.maxOutputBytes } }) }
      } else if ((run.stateBytes += size) > run.limits.maxStateBytes) {
        outcome = { status: 'failed', error: new StepwiseError('LIMIT_EXCEEDED', `Execution state exceeds maxStateBytes (${run.limits.maxStateBytes}).`, { stepId: step.id, details: { limit: 'maxStateBytes', value: run.limits.maxStateBytes } }) }
      }
    }

    switch (outcome.status) {
      case 'completed':
      case 'ended': {
        const done = nextRow(row, 'completed', { output: outcome.output, endedAt: endIso })
        run.emitStepEvent('step.completed', done, outcome.output, durationMs)
        await run.commit({ steps: [done] })
        publish(run, type, step, scope, outcome.output, 'completed')
        if (outcome.status === 'ended') {
          if (type.container !== true) {
            const ended: NonNullable<ExecutionRun['ended']> = { status: outcome.endStatus, output: outcome.output }
            if (outcome.error !== undefined) ended.error = outcome.error
            run.ended ??= ended
          }
          return { status: 'ended', lastOutput: outcome.output }
        }
        return { status: 'completed', lastOutput: outcome.output }
      }
      case 'waiting': {
        if (type.container !== true) run.waits.push(outcome.wakeAt === undefined ? { waitingFor: outcome.waitingFor } : { waitingFor: outcome.waitingFor, wakeAt: outcome.wakeAt })
        if (row.status !== 'waiting') {
          const waiting = nextRow(row, 'waiting', { waitingFor: outcome.waitingFor })
          context.emit({ type: 'step.waiting', waitingFor: outcome.waitingFor })
          await run.commit(outcome.approval === undefined ? { steps: [waiting] } : { steps: [waiting], approvals: [outcome.approval] })
        }
        return { status: 'waiting', waitingFor: outcome.waitingFor }
      }
      case 'cancelled': {
        const error = outcome.error ?? new StepwiseError('CANCELLED', `Step ${step.id} cancelled: ${outcome.reason}`)
        const cancelled = nextRow(row, 'cancelled', { error: errorJSON(error, step.id, outcome.reason), endedAt: endIso })
        context.emit({ type: 'step.cancelled', reason: outcome.reason })
        await run.commit({ steps: [cancelled] })
        setStepState(scope, step.id, { status: 'cancelled', error: cancelled.error })
        return { status: 'cancelled', reason: outcome.reason, error }
      }
      case 'failed': {
        const error = outcome.error
        if (error.stepId === undefined) error.stepId = step.id
        const retry = type.container !== true && error.retryable && attempt < policy.maxAttempts && !signal.aborted
        if (!retry) return finishFailed(run, step, scope, row, error, context, false, outcome.output, durationMs)
        const failed = nextRow(row, 'failed', { output: outcome.output, error: errorJSON(error, step.id), endedAt: endIso })
        const delayMs = backoff(policy, attempt)
        context.emit({ type: 'step.failed', error: failed.error as ExecutionError, durationMs: durationMs })
        context.emit({ type: 'step.retrying', error: failed.error as ExecutionError, delayMs, nextAttempt: attempt + 1 })
        await run.commit({ steps: [failed] })
        try {
          await sleep(run.services.clock, delayMs, signal)
        } catch (reason) {
          return toBlock(abortOutcome(reason))
        }
        attempt += 1
        context.attempt = attempt
        fresh = true
        continue
      }
    }
  }
}

async function finishFailed(
  run: ExecutionRun,
  step: StepBase,
  scope: Scope,
  row: StepRecord,
  error: StepwiseError,
  context: StepContextImpl,
  emitStart: boolean,
  output?: unknown,
  durationMs = 0,
): Promise<StepResult> {
  if (error.stepId === undefined) error.stepId = step.id
  const failed = nextRow(row, 'failed', { output, error: errorJSON(error, step.id), endedAt: run.iso(run.now()) })
  if (emitStart) context.emit({ type: 'step.started' })
  context.emit({ type: 'step.failed', error: failed.error as ExecutionError, durationMs })
  await run.commit({ steps: [failed] })
  setStepState(scope, step.id, { status: 'failed', error: failed.error })
  if (step.onError === 'continue') return { status: 'continue' }
  return { status: 'failed', error }
}

function toBlock(outcome: StepOutcome): BlockResult {
  if (outcome.status === 'cancelled') return { status: 'cancelled', reason: outcome.reason, ...(outcome.error === undefined ? {} : { error: outcome.error }) }
  if (outcome.status === 'failed') return { status: 'failed', error: outcome.error }
  return { status: 'failed', error: new StepwiseError('INTERNAL', 'Unexpected outcome') }
}
