import { StepwiseError } from '../errors/stepwise-error.js'
import { DEFAULT_LIMITS, type WorkflowDefinition } from '../language/workflow-types.js'
import type { EngineCore } from './engine-core.js'
import { ExecutionRun, journalKey } from './execution-run.js'
import type { ExecutionError, StepRecord, StoredExecution } from './records.js'
import { buildReplaySource } from './retry-from.js'
import type { Scope } from './scope.js'
import { runBlock } from './step-runner.js'
import type { BlockResult } from './step-type.js'

function latestRows(rows: readonly StepRecord[]): Map<string, StepRecord> {
  const journal = new Map<string, StepRecord>()
  for (const row of rows) {
    const key = journalKey(row.stepId, row.iterationPath)
    const current = journal.get(key)
    if (current === undefined || row.attempt >= current.attempt) journal.set(key, row)
  }
  return journal
}

function cancelError(reason: string): ExecutionError {
  return { code: 'CANCELLED', message: `Execution cancelled: ${reason}`, reason }
}

/**
 * Claims an execution and runs it until it is terminal or waiting. Returns the stored record
 * afterwards (or the current one when another instance holds the lease).
 */
export async function driveOnce(core: EngineCore, tenantId: string, executionId: string): Promise<StoredExecution | undefined> {
  const storage = core.storage
  const claim = await storage.claimExecution(tenantId, executionId, { owner: core.owner, leaseMs: core.leaseMs, now: core.now() })
  if (claim === undefined) return storage.getExecution(tenantId, executionId)
  const record = claim.execution
  if (record.status === 'waiting' && record.cancelRequested === undefined && (record.wakeAt === undefined || record.wakeAt > core.now())) {
    // Claimed from a stale due list (another instance parked it meanwhile): nothing to do yet.
    await storage.commit(tenantId, executionId, claim.fence, { releaseLease: true }).catch(() => undefined)
    return storage.getExecution(tenantId, executionId)
  }
  const definition = (await storage.getSnapshot(tenantId, record.workflowHash)) as WorkflowDefinition | undefined
  const rows = await storage.listSteps(tenantId, executionId)
  const run = new ExecutionRun({
    tenantId,
    record,
    definition: definition ?? { id: record.workflowId, steps: [] },
    fence: claim.fence,
    storage,
    bus: core.bus,
    services: core.servicesFor(definition),
    limits: { ...DEFAULT_LIMITS, ...core.limits, ...definition?.limits },
    registry: core.registry,
    journal: latestRows(rows),
  })
  const scope: Scope = { variables: record.variables, outputs: {}, steps: {} }
  core.attach(tenantId, run, scope)
  const heartbeat = core.startHeartbeat(tenantId, run, claim.fence)
  try {
    if (definition === undefined) {
      await finalize(core, run, scope, { status: 'failed', error: new StepwiseError('INTERNAL', `Definition snapshot ${record.workflowHash} is missing from storage.`) })
      return await storage.getExecution(tenantId, executionId)
    }
    if (record.cancelRequested !== undefined) {
      await finalizeCancelled(core, run, record.cancelRequested.reason)
      return await storage.getExecution(tenantId, executionId)
    }
    if (record.retryOf !== undefined) {
      const sourceRows = await storage.listSteps(tenantId, record.retryOf.executionId)
      run.replay = buildReplaySource(definition, core.specs, sourceRows, { stepId: record.retryOf.stepId, iterationPath: record.retryOf.iterationPath ?? '' })
    }
    run.emit(record.status === 'pending' ? { type: 'execution.started', variables: record.variables } : { type: 'execution.resumed' })
    await run.commit({ execution: { status: 'running', clearWaiting: true } })
    const result = await runBlock(run, definition.steps, scope, '', run.abort.signal)
    await finalize(core, run, scope, result)
  } catch (error) {
    if (run.failure === undefined) {
      await finalize(core, run, scope, { status: 'failed', error: StepwiseError.from(error, 'INTERNAL') }).catch(() => undefined)
    }
  } finally {
    heartbeat.clear()
    core.detach(tenantId, run)
  }
  return storage.getExecution(tenantId, executionId)
}

async function finalize(core: EngineCore, run: ExecutionRun, scope: Scope, result: BlockResult): Promise<void> {
  await run.drain()
  if (run.failure !== undefined) return
  const now = new Date(run.now()).toISOString()
  const cancelReason = run.cancelReason()
  if (cancelReason !== undefined && result.status !== 'completed' && result.status !== 'ended') {
    result = { status: 'cancelled', reason: cancelReason }
  }
  switch (result.status) {
    case 'completed':
    case 'ended': {
      const ended = run.ended
      if (ended?.status === 'failed') {
        const error = ended.error ?? new StepwiseError('STEP_FAILED', 'Workflow ended with status failed.')
        const json: ExecutionError = { code: error.code, message: error.message }
        if (error.stepId !== undefined) json.stepId = error.stepId
        run.emit({ type: 'execution.failed', error: json })
        await run.commit({ execution: { status: 'failed', error: json, outputs: scope.outputs, output: ended.output, endedAt: now, clearWaiting: true } })
        break
      }
      run.emit(ended?.output === undefined ? { type: 'execution.completed', outputs: scope.outputs } : { type: 'execution.completed', outputs: scope.outputs, output: ended.output })
      await run.commit({ execution: { status: 'completed', outputs: scope.outputs, output: ended?.output, endedAt: now, clearWaiting: true } })
      break
    }
    case 'failed': {
      const error = result.error ?? new StepwiseError('STEP_FAILED', 'Step failed')
      const json: ExecutionError = { code: error.code, message: error.message }
      if (error.stepId !== undefined) json.stepId = error.stepId
      if (error.details !== undefined) json.details = error.details
      run.emit({ type: 'execution.failed', error: json })
      await run.commit({ execution: { status: 'failed', error: json, outputs: scope.outputs, endedAt: now, clearWaiting: true } })
      break
    }
    case 'cancelled': {
      const error = cancelError(result.reason ?? 'cancelled')
      if (result.error?.stepId !== undefined) error.stepId = result.error.stepId
      run.emit({ type: 'execution.cancelled', error })
      await run.commit({ execution: { status: 'cancelled', error, outputs: scope.outputs, endedAt: now, clearWaiting: true } })
      break
    }
    case 'waiting': {
      const first = run.waits[0]?.waitingFor ?? result.waitingFor
      if (first === undefined) throw new StepwiseError('INTERNAL', 'Execution is waiting but no step waits.')
      let wakeAt: number | undefined
      for (const wait of run.waits) if (wait.wakeAt !== undefined && (wakeAt === undefined || wait.wakeAt < wakeAt)) wakeAt = wait.wakeAt
      if (run.waits.some((w) => w.waitingFor.kind === 'approval')) {
        // A decision that landed while this pass ran (possibly in another process) must not be missed.
        const approvals = await run.storage.listApprovals(run.tenantId, run.record.id)
        if (approvals.some((a) => a.status !== 'pending' && run.waits.some((w) => w.waitingFor.stepId === a.stepId && w.waitingFor.iterationPath === a.iterationPath))) {
          wakeAt = run.now()
        }
      }
      run.emit({ type: 'execution.waiting', waitingFor: first })
      await run.commit({
        execution: wakeAt === undefined ? { status: 'waiting', waitingFor: first, outputs: scope.outputs, clearWaiting: true } : { status: 'waiting', waitingFor: first, wakeAt, outputs: scope.outputs, clearWaiting: true },
        releaseLease: true,
      })
      if (wakeAt !== undefined) core.scheduleWake(run.tenantId, wakeAt)
      break
    }
  }
  if (result.status !== 'waiting') core.afterTerminal(run)
}

/** Cancels an execution that is not running anywhere: waiting steps end `cancelled`. */
async function finalizeCancelled(core: EngineCore, run: ExecutionRun, reason: string): Promise<void> {
  const now = new Date(run.now()).toISOString()
  const rows: StepRecord[] = []
  for (const row of run.journal.values()) {
    if (row.status !== 'waiting' && row.status !== 'running') continue
    const cancelled: StepRecord = { ...row, status: 'cancelled', error: { ...cancelError(reason), stepId: row.stepId }, waitingFor: undefined, endedAt: now }
    rows.push(cancelled)
    run.emit({ type: 'step.cancelled', reason, stepId: row.stepId, stepType: row.stepType, iterationPath: row.iterationPath, attempt: row.attempt })
  }
  const error = cancelError(reason)
  run.emit({ type: 'execution.cancelled', error })
  await run.commit({ steps: rows, execution: { status: 'cancelled', error, endedAt: now, clearWaiting: true } })
  core.afterTerminal(run)
}
