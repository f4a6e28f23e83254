import { StepwiseError } from '../../../errors/stepwise-error.js'
import type { StepwiseEvent } from '../../../engine/events.js'
import {
  TERMINAL_EXECUTION_STATUSES,
  TERMINAL_STEP_STATUSES,
  type ApprovalDecision,
  type ApprovalRecord,
  type ExecutionStatus,
  type StepRecord,
  type StoredExecution,
  type WorkflowRecord,
  type WorkflowVersionRecord,
} from '../../../engine/records.js'
import type {
  ClaimInput,
  CommitBatch,
  CommitResult,
  DueExecution,
  ExecutionFilter,
  SaveWorkflowInput,
  SaveWorkflowResult,
  StorageAdapterV1,
} from '../storage-adapter.js'
import type { TriggerStorageV1 } from '../trigger-storage.js'
import { MemoryTriggerStore } from './memory-trigger-store.js'

/** The result of a commit nobody asked to cancel (shared: every step's commit returns it). */
const NO_CANCEL: CommitResult = Object.freeze({})

interface ExecutionSlot {
  record: StoredExecution
  steps: StepRecord[]
  /** Index of step rows by instance key, built once an execution has more than a few rows. */
  stepIndex?: Map<string, number>
  events: StepwiseEvent[]
  approvals?: ApprovalRecord[]
}

interface TenantData {
  snapshots: Map<string, unknown>
  workflows: Map<string, WorkflowRecord>
  versions: Map<string, WorkflowVersionRecord[]>
  executions: Map<string, ExecutionSlot>
  idempotency: Map<string, string>
  tokens: Map<string, ApprovalRecord>
  /** Non-terminal executions that may need an engine (wake or orphan). */
  live: Set<string>
}

const DEFAULT_LIMIT = 50
const MAX_LIMIT = 500

/**
 * Copies an execution into one fixed object shape with every optional field present, so later
 * updates assign instead of adding or deleting properties (which would make V8 switch the object
 * to slow dictionary mode and cost a parked execution hundreds of bytes).
 */
function storedShape(execution: StoredExecution): StoredExecution {
  return {
    id: execution.id,
    tenantId: execution.tenantId,
    workflowId: execution.workflowId,
    workflowVersion: execution.workflowVersion,
    workflowHash: execution.workflowHash,
    status: execution.status,
    variables: execution.variables,
    outputs: execution.outputs,
    output: execution.output,
    error: execution.error,
    waitingFor: execution.waitingFor,
    idempotencyKey: execution.idempotencyKey,
    trigger: execution.trigger,
    retryOf: execution.retryOf,
    startedAt: execution.startedAt,
    endedAt: execution.endedAt,
    lastSeq: execution.lastSeq,
    fence: execution.fence,
    leaseOwner: execution.leaseOwner,
    leaseExpiresAt: execution.leaseExpiresAt,
    wakeAt: execution.wakeAt,
    cancelRequested: execution.cancelRequested,
  }
}

/**
 * Shrinks a settled execution's arrays to their length: a parked execution then holds no spare
 * array capacity (V8 grows arrays by 1.5× + 16 slots).
 */
function compact(slot: ExecutionSlot): void {
  slot.steps = slot.steps.slice()
  slot.events = slot.events.slice()
  if (slot.approvals !== undefined) slot.approvals = slot.approvals.slice()
}

/** Executions with at most this many rows are scanned instead of indexed (keeps parked runs small). */
const SMALL_SCAN = 16

function stepKey(row: StepRecord): string {
  return `${row.stepId}\u0000${row.iterationPath}\u0000${row.attempt}`
}

function sameStep(row: StepRecord, other: StepRecord): boolean {
  return row.stepId === other.stepId && row.attempt === other.attempt && row.iterationPath === other.iterationPath
}

/**
 * In-memory storage (adapter interface v1, plus trigger storage). For tests, examples and
 * single-process hosts that do not need durability: data lives as long as the object. Passes the
 * storage and trigger storage conformance suites. Execution records are stored by reference (no
 * copying on write) and returned as shallow copies.
 *
 * @example
 * ```ts
 * import { createEngine, memoryStorage } from 'stepwise'
 * const engine = createEngine({ storage: memoryStorage() })
 * ```
 */
export function memoryStorage(): StorageAdapterV1 & TriggerStorageV1 {
  return new MemoryStorage()
}

class MemoryStorage extends MemoryTriggerStore implements StorageAdapterV1, TriggerStorageV1 {
  readonly specificationVersion = 'v1' as const
  readonly adapterId = 'memory'
  #tenants = new Map<string, TenantData>()

  #tenant(tenantId: string): TenantData {
    let data = this.#tenants.get(tenantId)
    if (data === undefined) {
      data = {
        snapshots: new Map(),
        workflows: new Map(),
        versions: new Map(),
        executions: new Map(),
        idempotency: new Map(),
        tokens: new Map(),
        live: new Set(),
      }
      this.#tenants.set(tenantId, data)
    }
    return data
  }

  #slot(tenantId: string, executionId: string): ExecutionSlot | undefined {
    return this.#tenants.get(tenantId)?.executions.get(executionId)
  }

  async putSnapshot(tenantId: string, hash: string, definition: unknown): Promise<void> {
    const snapshots = this.#tenant(tenantId).snapshots
    if (!snapshots.has(hash)) snapshots.set(hash, definition)
  }

  async getSnapshot(tenantId: string, hash: string): Promise<unknown | undefined> {
    return this.#tenants.get(tenantId)?.snapshots.get(hash)
  }

  async saveWorkflow(tenantId: string, input: SaveWorkflowInput): Promise<SaveWorkflowResult> {
    const data = this.#tenant(tenantId)
    if (!data.snapshots.has(input.hash)) data.snapshots.set(input.hash, input.definition)
    const versions = data.versions.get(input.workflowId) ?? []
    const head = data.workflows.get(input.workflowId)
    if (head !== undefined && head.hash === input.hash) {
      const current = versions.find((v) => v.version === head.version) as WorkflowVersionRecord
      return { workflow: { ...head }, version: { ...current }, changed: false }
    }
    const version: WorkflowVersionRecord = {
      workflowId: input.workflowId,
      version: versions.reduce((max, v) => Math.max(max, v.version), 0) + 1,
      hash: input.hash,
      source: input.source,
      createdAt: input.now,
    }
    if (input.author !== undefined) version.author = input.author
    if (input.notes !== undefined) version.notes = input.notes
    versions.push(version)
    data.versions.set(input.workflowId, versions)
    const workflow: WorkflowRecord = {
      id: input.workflowId,
      version: version.version,
      hash: input.hash,
      createdAt: head?.createdAt ?? input.now,
      updatedAt: input.now,
    }
    if (input.name !== undefined) workflow.name = input.name
    data.workflows.set(input.workflowId, workflow)
    return { workflow: { ...workflow }, version: { ...version }, changed: true }
  }

  async getWorkflow(tenantId: string, workflowId: string): Promise<WorkflowRecord | undefined> {
    const record = this.#tenants.get(tenantId)?.workflows.get(workflowId)
    return record === undefined ? undefined : { ...record }
  }

  async listWorkflows(tenantId: string): Promise<WorkflowRecord[]> {
    const records = [...(this.#tenants.get(tenantId)?.workflows.values() ?? [])]
    return records.map((r) => ({ ...r })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  }

  async deleteWorkflow(tenantId: string, workflowId: string): Promise<boolean> {
    return this.#tenants.get(tenantId)?.workflows.delete(workflowId) ?? false
  }

  async listWorkflowVersions(tenantId: string, workflowId: string): Promise<WorkflowVersionRecord[]> {
    const versions = this.#tenants.get(tenantId)?.versions.get(workflowId) ?? []
    return versions.map((v) => ({ ...v })).reverse()
  }

  async createExecution(tenantId: string, execution: StoredExecution): Promise<{ execution: StoredExecution; created: boolean }> {
    const data = this.#tenant(tenantId)
    const key = execution.idempotencyKey === undefined ? undefined : `${execution.workflowId}\u0000${execution.idempotencyKey}`
    if (key !== undefined) {
      const existingId = data.idempotency.get(key)
      if (existingId !== undefined) {
        const existing = data.executions.get(existingId) as ExecutionSlot
        return { execution: { ...existing.record }, created: false }
      }
    }
    if (data.executions.has(execution.id)) {
      throw new StepwiseError('STORAGE_CONFLICT', `Execution ${execution.id} already exists.`)
    }
    if (key !== undefined) data.idempotency.set(key, execution.id)
    const record = storedShape(execution)
    data.executions.set(execution.id, { record, steps: [], events: [] })
    if (!TERMINAL_EXECUTION_STATUSES.has(record.status)) data.live.add(execution.id)
    return { execution: { ...record }, created: true }
  }

  async getExecution(tenantId: string, executionId: string): Promise<StoredExecution | undefined> {
    const slot = this.#slot(tenantId, executionId)
    return slot === undefined ? undefined : { ...slot.record }
  }

  async listExecutions(tenantId: string, filter: ExecutionFilter = {}): Promise<StoredExecution[]> {
    const data = this.#tenants.get(tenantId)
    if (data === undefined) return []
    const limit = Math.min(Math.max(1, filter.limit ?? DEFAULT_LIMIT), MAX_LIMIT)
    const statuses = filter.status === undefined ? undefined : new Set(typeof filter.status === 'string' ? [filter.status] : filter.status)
    const all = [...data.executions.values()].map((s) => s.record)
    all.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : a.id < b.id ? 1 : -1))
    const out: StoredExecution[] = []
    for (const record of all) {
      if (filter.workflowId !== undefined && record.workflowId !== filter.workflowId) continue
      if (statuses !== undefined && !statuses.has(record.status)) continue
      if (filter.before !== undefined && !(record.startedAt < filter.before)) continue
      out.push({ ...record })
      if (out.length >= limit) break
    }
    return out
  }

  async claimExecution(tenantId: string, executionId: string, claim: ClaimInput): Promise<{ fence: number; execution: StoredExecution } | undefined> {
    const slot = this.#slot(tenantId, executionId)
    if (slot === undefined) return undefined
    const record = slot.record
    if (TERMINAL_EXECUTION_STATUSES.has(record.status)) return undefined
    const held = record.leaseOwner !== undefined && record.leaseOwner !== claim.owner && (record.leaseExpiresAt ?? 0) > claim.now
    if (held) return undefined
    record.fence += 1
    record.leaseOwner = claim.owner
    record.leaseExpiresAt = claim.now + claim.leaseMs
    return { fence: record.fence, execution: { ...record } }
  }

  async renewLease(tenantId: string, executionId: string, fence: number, claim: ClaimInput): Promise<boolean> {
    const record = this.#slot(tenantId, executionId)?.record
    if (record === undefined || record.fence !== fence || record.leaseOwner !== claim.owner) return false
    record.leaseExpiresAt = claim.now + claim.leaseMs
    return true
  }

  /** Refuses to change a step instance already in a terminal status (rewriting the same object is fine). */
  #checkStep(slot: ExecutionSlot, row: StepRecord, position: number): void {
    const existing = position >= 0 ? slot.steps[position] : undefined
    if (existing !== undefined && existing !== row && TERMINAL_STEP_STATUSES.has(existing.status)) {
      throw new StepwiseError('STORAGE_CONFLICT', `Step ${row.stepId} [${row.iterationPath}] attempt ${row.attempt} is already ${existing.status}.`)
    }
  }

  async commit(tenantId: string, executionId: string, fence: number, batch: CommitBatch): Promise<CommitResult> {
    const data = this.#tenants.get(tenantId)
    const slot = data?.executions.get(executionId)
    if (data === undefined || slot === undefined) throw new StepwiseError('NOT_FOUND', `Execution ${executionId} not found.`)
    const record = slot.record
    if (record.fence !== fence) {
      throw new StepwiseError('LEASE_LOST', `Execution ${executionId} was claimed by another worker (fence ${fence} is stale).`)
    }
    if (TERMINAL_EXECUTION_STATUSES.has(record.status)) {
      throw new StepwiseError('EXECUTION_TERMINAL', `Execution ${executionId} is already ${record.status}.`)
    }
    const events = batch.events
    if (events !== undefined && events.length > 0) {
      for (let i = 0; i < events.length; i++) {
        if (events[i].seq !== record.lastSeq + 1 + i) {
          throw new StepwiseError('STORAGE_CONFLICT', `Event seq ${events[i].seq} does not continue ${record.lastSeq + i}.`)
        }
      }
    }
    const steps = batch.steps
    if (steps !== undefined) {
      // Check every row before writing any, so a rejected commit changes nothing.
      if (steps.length === 1) {
        // The common commit (one step's row): no array of positions.
        const position = this.#findStep(slot, steps[0])
        this.#checkStep(slot, steps[0], position)
        this.#writeStep(slot, steps[0], position)
      } else {
        const positions = steps.map((row) => this.#findStep(slot, row))
        for (let i = 0; i < steps.length; i++) this.#checkStep(slot, steps[i], positions[i])
        for (let i = 0; i < steps.length; i++) this.#writeStep(slot, steps[i], positions[i])
      }
    }
    if (events !== undefined && events.length > 0) {
      for (const event of events) slot.events.push(event)
      record.lastSeq = events[events.length - 1].seq
    }
    if (batch.approvals !== undefined) {
      for (const approval of batch.approvals) {
        const approvals = (slot.approvals ??= [])
        const index = approvals.findIndex((a) => a.stepId === approval.stepId && a.iterationPath === approval.iterationPath)
        if (index >= 0) data.tokens.delete(approvals[index].token)
        if (index >= 0) approvals[index] = approval
        else approvals.push(approval)
        data.tokens.set(approval.token, approval)
      }
    }
    const patch = batch.execution
    if (patch !== undefined) {
      if (patch.clearWaiting === true) {
        record.waitingFor = undefined
        record.wakeAt = undefined
      }
      if (patch.status !== undefined) record.status = patch.status
      if (patch.outputs !== undefined) record.outputs = patch.outputs
      if (patch.output !== undefined) record.output = patch.output
      if (patch.error !== undefined) record.error = patch.error
      if (patch.waitingFor !== undefined) record.waitingFor = patch.waitingFor
      if (patch.wakeAt !== undefined) record.wakeAt = patch.wakeAt
      if (patch.endedAt !== undefined) record.endedAt = patch.endedAt
      if (patch.status === 'waiting' || TERMINAL_EXECUTION_STATUSES.has(patch.status as ExecutionStatus)) compact(slot)
      if (TERMINAL_EXECUTION_STATUSES.has(record.status)) {
        data.live.delete(executionId)
        record.wakeAt = undefined
        record.cancelRequested = undefined
      }
    }
    if (batch.releaseLease === true || TERMINAL_EXECUTION_STATUSES.has(record.status)) {
      record.leaseOwner = undefined
      record.leaseExpiresAt = undefined
    }
    return record.cancelRequested === undefined ? NO_CANCEL : { cancelRequested: record.cancelRequested }
  }

  #findStep(slot: ExecutionSlot, row: StepRecord): number {
    if (slot.stepIndex !== undefined) return slot.stepIndex.get(stepKey(row)) ?? -1
    const steps = slot.steps
    for (let i = steps.length - 1; i >= 0; i--) if (sameStep(steps[i], row)) return i
    return -1
  }

  #writeStep(slot: ExecutionSlot, row: StepRecord, index: number): void {
    const steps = slot.steps
    if (index >= 0) {
      steps[index] = row
      return
    }
    // Two new rows of the same instance in one batch: the later one replaces the earlier.
    const again = this.#findStep(slot, row)
    if (again >= 0) {
      steps[again] = row
      return
    }
    steps.push(row)
    if (slot.stepIndex !== undefined) slot.stepIndex.set(stepKey(row), steps.length - 1)
    else if (steps.length > SMALL_SCAN) slot.stepIndex = new Map(steps.map((step, i) => [stepKey(step), i]))
  }

  async requestCancel(tenantId: string, executionId: string, reason: string): Promise<StoredExecution | undefined> {
    const record = this.#slot(tenantId, executionId)?.record
    if (record === undefined) return undefined
    if (!TERMINAL_EXECUTION_STATUSES.has(record.status) && record.cancelRequested === undefined) {
      record.cancelRequested = { reason }
    }
    return { ...record }
  }

  async listDueExecutions(tenantId: string, now: number, limit: number): Promise<DueExecution[]> {
    const data = this.#tenants.get(tenantId)
    if (data === undefined) return []
    const due: DueExecution[] = []
    for (const id of data.live) {
      const record = (data.executions.get(id) as ExecutionSlot).record
      const leaseLive = record.leaseOwner !== undefined && (record.leaseExpiresAt ?? 0) > now
      if (leaseLive) continue
      if (record.status === 'waiting') {
        if ((record.wakeAt !== undefined && record.wakeAt <= now) || record.cancelRequested !== undefined) due.push({ id, reason: 'wake' })
      } else {
        due.push({ id, reason: 'orphaned' })
      }
      if (due.length >= limit) break
    }
    return due
  }

  async listSteps(tenantId: string, executionId: string): Promise<StepRecord[]> {
    const slot = this.#slot(tenantId, executionId)
    return slot === undefined ? [] : slot.steps.map((s) => ({ ...s }))
  }

  async readEvents(tenantId: string, executionId: string, afterSeq: number, limit: number): Promise<StepwiseEvent[]> {
    const events = this.#slot(tenantId, executionId)?.events
    if (events === undefined) return []
    // seq n lives at index n-1.
    return events.slice(Math.max(0, afterSeq), Math.max(0, afterSeq) + limit)
  }

  async getApproval(tenantId: string, executionId: string, stepId: string, iterationPath: string): Promise<ApprovalRecord | undefined> {
    const approval = this.#slot(tenantId, executionId)?.approvals?.find((a) => a.stepId === stepId && a.iterationPath === iterationPath)
    return approval === undefined ? undefined : { ...approval }
  }

  async findApprovalByToken(tenantId: string, token: string): Promise<ApprovalRecord | undefined> {
    const approval = this.#tenants.get(tenantId)?.tokens.get(token)
    return approval === undefined ? undefined : { ...approval }
  }

  async listApprovals(tenantId: string, executionId: string): Promise<ApprovalRecord[]> {
    return (this.#slot(tenantId, executionId)?.approvals ?? []).map((a) => ({ ...a }))
  }

  async decideApproval(
    tenantId: string,
    executionId: string,
    stepId: string,
    iterationPath: string,
    decision: ApprovalDecision,
  ): Promise<{ approval: ApprovalRecord; applied: boolean } | undefined> {
    const data = this.#tenants.get(tenantId)
    const approvals = data?.executions.get(executionId)?.approvals
    const index = approvals?.findIndex((a) => a.stepId === stepId && a.iterationPath === iterationPath) ?? -1
    if (data === undefined || approvals === undefined || index < 0) return undefined
    const current = approvals[index]
    if (current.status !== 'pending') return { approval: { ...current }, applied: false }
    const decided: ApprovalRecord = { ...current, status: decision.decision, decision }
    approvals[index] = decided
    data.tokens.set(decided.token, decided)
    const record = (data.executions.get(executionId) as ExecutionSlot).record
    // A decided approval makes its execution due at once.
    if (record.status === 'waiting') record.wakeAt = 0
    return { approval: { ...decided }, applied: true }
  }
}
