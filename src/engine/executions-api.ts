import { StepwiseError } from '../errors/stepwise-error.js'
import { canonicalHash } from '../language/canonical-hash.js'
import type { WorkflowDefinition } from '../language/workflow-types.js'
import type { EngineCore } from './engine-core.js'
import type { ApproveInput, ExecutionsApi, StartOptions } from './engine-types.js'
import { newId } from './ids.js'
import { TERMINAL_EXECUTION_STATUSES, type ApprovalDecision, type ApprovalRecord, type Execution, type StoredExecution, type TriggerInfo } from './records.js'
import { pickTargetInstance, stepPositions } from './retry-from.js'
import { applyVariables } from './variables.js'
import { requireValid } from './workflows-api.js'

const OPTIONAL_FIELDS = ['output', 'error', 'waitingFor', 'idempotencyKey', 'trigger', 'retryOf', 'endedAt'] as const

const MANUAL: TriggerInfo = Object.freeze({ type: 'manual' })

/** Strips journal bookkeeping and overlays live outputs of a run driven here. */
export function toPublic(core: EngineCore, stored: StoredExecution): Execution {
  const execution: Execution = {
    id: stored.id,
    tenantId: stored.tenantId,
    workflowId: stored.workflowId,
    workflowVersion: stored.workflowVersion,
    workflowHash: stored.workflowHash,
    status: stored.status,
    variables: stored.variables,
    outputs: stored.outputs,
    startedAt: stored.startedAt,
  }
  for (const key of OPTIONAL_FIELDS) if (stored[key] !== undefined) (execution as unknown as Record<string, unknown>)[key] = stored[key]
  const live = core.live(stored.tenantId, stored.id)
  if (live !== undefined && !TERMINAL_EXECUTION_STATUSES.has(execution.status)) execution.outputs = { ...live.scope.outputs }
  return execution
}

function notFound(id: string): StepwiseError {
  return new StepwiseError('NOT_FOUND', `Execution ${id} not found.`, { details: { executionId: id } })
}

/** Resolves a workflow reference (saved id or inline definition) to a pinned snapshot. */
async function pin(core: EngineCore, tenantId: string, workflow: unknown): Promise<{ definition: WorkflowDefinition; hash: string; version: number }> {
  if (typeof workflow === 'string') {
    const head = await core.storage.getWorkflow(tenantId, workflow)
    if (head === undefined) throw new StepwiseError('NOT_FOUND', `Workflow ${workflow} not found.`, { details: { workflowId: workflow } })
    const definition = (await core.storage.getSnapshot(tenantId, head.hash)) as WorkflowDefinition
    return { definition, hash: head.hash, version: head.version }
  }
  const definition = requireValid(core, workflow)
  const hash = canonicalHash(definition)
  await core.storage.putSnapshot(tenantId, hash, definition)
  const head = await core.storage.getWorkflow(tenantId, definition.id)
  return { definition, hash, version: head !== undefined && head.hash === hash ? head.version : 0 }
}

/** Creates a pending execution (or returns the one with the same idempotency key) and drives it in the background. */
export async function startExecution(core: EngineCore, tenantId: string, workflow: unknown, options: StartOptions = {}): Promise<Execution> {
  return (await startExecutionWithResult(core, tenantId, workflow, options)).execution
}

/** {@link startExecution}, also telling whether the execution was created (`false`: an existing one with the same idempotency key). */
export async function startExecutionWithResult(
  core: EngineCore,
  tenantId: string,
  workflow: unknown,
  options: StartOptions = {},
): Promise<{ execution: Execution; created: boolean }> {
  if (core.closed) throw new StepwiseError('ENGINE_CLOSED', 'The engine is closed.')
  const { definition, hash, version } = await pin(core, tenantId, workflow)
  const variables = applyVariables(definition.variables, options.variables)
  const record: StoredExecution = {
    id: newId(),
    tenantId,
    workflowId: definition.id,
    workflowVersion: version,
    workflowHash: hash,
    status: 'pending',
    variables,
    outputs: {},
    trigger: options.trigger ?? MANUAL,
    startedAt: new Date(core.now()).toISOString(),
    lastSeq: 0,
    fence: 0,
  }
  if (options.idempotencyKey !== undefined) record.idempotencyKey = options.idempotencyKey
  const { execution, created } = await core.storage.createExecution(tenantId, record)
  if (created || !TERMINAL_EXECUTION_STATUSES.has(execution.status)) void core.driveInBackground(tenantId, execution.id)
  return { execution: toPublic(core, execution), created }
}

/** Creates the tenant-scoped executions API. */
export function createExecutionsApi(core: EngineCore, tenantId: string): ExecutionsApi {
  const storage = core.storage
  const load = async (id: string): Promise<StoredExecution> => {
    const stored = typeof id === 'string' ? await storage.getExecution(tenantId, id) : undefined
    if (stored === undefined) throw notFound(String(id))
    return stored
  }
  const decide = async (stored: StoredExecution, approval: ApprovalRecord, input: ApproveInput): Promise<ApprovalDecision> => {
    if (typeof input.approved !== 'boolean') throw new StepwiseError('INVALID_ARGUMENT', '`approved` must be true or false.')
    const decision: ApprovalDecision = { approved: input.approved, decision: input.approved ? 'approved' : 'denied', decidedAt: new Date(core.now()).toISOString() }
    if (input.by !== undefined) decision.by = input.by
    if (input.comment !== undefined) decision.comment = input.comment
    const alreadyDecided = (existing: ApprovalRecord): ApprovalDecision => {
      const previous = existing.decision as ApprovalDecision
      if (previous.approved === input.approved && previous.decision !== 'expired') return previous
      throw new StepwiseError('APPROVAL_ALREADY_DECIDED', `Approval of step ${existing.stepId} was already ${previous.decision}${previous.by === undefined ? '' : ` by ${previous.by}`}.`, {
        details: { decision: previous },
      })
    }
    if (approval.status !== 'pending') return alreadyDecided(approval)
    if (stored.status !== 'waiting') {
      throw new StepwiseError('APPROVAL_NOT_WAITING', `Execution ${stored.id} is ${stored.status}, not waiting for approval.`)
    }
    const result = await storage.decideApproval(tenantId, stored.id, approval.stepId, approval.iterationPath, decision)
    if (result === undefined) throw notFound(stored.id)
    if (!result.applied) return alreadyDecided(result.approval)
    void core.driveInBackground(tenantId, stored.id)
    return decision
  }

  return {
    async get(id) {
      return toPublic(core, await load(id))
    },
    async list(filter = {}) {
      return (await storage.listExecutions(tenantId, filter)).map((e) => toPublic(core, e))
    },
    async steps(id) {
      await load(id)
      return storage.listSteps(tenantId, id)
    },
    async cancel(id, options = {}) {
      const reason = options.reason ?? 'cancelled_by_user'
      const stored = await load(id)
      if (TERMINAL_EXECUTION_STATUSES.has(stored.status)) return toPublic(core, stored)
      await storage.requestCancel(tenantId, id, reason)
      const live = core.live(tenantId, id)
      if (live !== undefined) live.run.cancel(reason)
      await core.drive(tenantId, id)
      return toPublic(core, await load(id))
    },
    async retryFrom(id, options) {
      const source = await load(id)
      const definition = (await storage.getSnapshot(tenantId, source.workflowHash)) as WorkflowDefinition
      if (!stepPositions(definition, core.specs).has(options.stepId)) {
        throw new StepwiseError('NOT_FOUND', `Step ${options.stepId} is not in the workflow of execution ${id}.`, { details: { stepId: options.stepId } })
      }
      const iterationPath = options.iterationPath ?? pickTargetInstance(await storage.listSteps(tenantId, id), options.stepId)
      const record: StoredExecution = {
        id: newId(),
        tenantId,
        workflowId: source.workflowId,
        workflowVersion: source.workflowVersion,
        workflowHash: source.workflowHash,
        status: 'pending',
        variables: source.variables,
        outputs: {},
        trigger: { type: 'retry', sourceExecutionId: id },
        retryOf: { executionId: id, stepId: options.stepId, iterationPath },
        startedAt: new Date(core.now()).toISOString(),
        lastSeq: 0,
        fence: 0,
      }
      const { execution } = await storage.createExecution(tenantId, record)
      void core.driveInBackground(tenantId, execution.id)
      return toPublic(core, execution)
    },
    async approve(id, input) {
      const stored = await load(id)
      const approvals = await storage.listApprovals(tenantId, id)
      let candidates = approvals
      if (input.stepId !== undefined) candidates = candidates.filter((a) => a.stepId === input.stepId)
      if (input.iterationPath !== undefined) candidates = candidates.filter((a) => a.iterationPath === input.iterationPath)
      const pending = candidates.filter((a) => a.status === 'pending')
      if (pending.length > 1) {
        throw new StepwiseError('APPROVAL_AMBIGUOUS', `Execution ${id} waits for ${pending.length} approvals; pass stepId (and iterationPath).`, {
          details: { waiting: pending.map((a) => ({ stepId: a.stepId, iterationPath: a.iterationPath })) },
        })
      }
      const target = pending[0] ?? (candidates.length === 1 ? candidates[0] : undefined)
      if (target === undefined) {
        if (candidates.length > 1) throw new StepwiseError('APPROVAL_AMBIGUOUS', `Several approvals of execution ${id} match; pass stepId and iterationPath.`)
        throw new StepwiseError('APPROVAL_NOT_WAITING', `Execution ${id} is ${stored.status} and has no matching approval.`)
      }
      return decide(stored, target, input)
    },
    async settled(id) {
      await load(id)
      const stored = await core.settled(tenantId, id)
      return toPublic(core, stored ?? (await load(id)))
    },
    async approvals(id) {
      await load(id)
      return storage.listApprovals(tenantId, id)
    },
  }
}

/** Decides an approval found by its token. */
export async function decideByToken(core: EngineCore, tenantId: string, token: string, input: Omit<ApproveInput, 'stepId' | 'iterationPath'>): Promise<ApprovalDecision> {
  const approval = await findByToken(core, tenantId, token)
  return createExecutionsApi(core, tenantId).approve(approval.executionId, { ...input, stepId: approval.stepId, iterationPath: approval.iterationPath })
}

/** Finds an approval by token or throws `APPROVAL_TOKEN_INVALID`. */
export async function findByToken(core: EngineCore, tenantId: string, token: string): Promise<ApprovalRecord> {
  const approval = typeof token === 'string' && token.length > 0 ? await core.storage.findApprovalByToken(tenantId, token) : undefined
  if (approval === undefined) throw new StepwiseError('APPROVAL_TOKEN_INVALID', 'Unknown or invalid approval token.')
  return approval
}
