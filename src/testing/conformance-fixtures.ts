import type { StepwiseEvent } from '../engine/events.js'
import type { ApprovalDecision, ApprovalRecord, StepRecord, StoredExecution } from '../engine/records.js'
import type { SaveWorkflowInput, StorageAdapterV1 } from '../adapters/storage/storage-adapter.js'
import { StepwiseError, type StepwiseErrorCode } from '../errors/stepwise-error.js'

/** Epoch ms every conformance case starts from (2026-01-01T00:00:00Z). */
export const T0 = Date.parse('2026-01-01T00:00:00.000Z')

/** Tenant the conformance cases write to. */
export const TENANT_A = 'tenant-a'

/** A second tenant that must never see {@link TENANT_A}'s data. */
export const TENANT_B = 'tenant-b'

let counter = 0

/** A unique id with a readable prefix (unique within the process). */
export function uniqueId(prefix: string): string {
  counter += 1
  return `${prefix}-${counter.toString(36)}-${Math.random().toString(36).slice(2, 8)}`
}

/** ISO time of `T0 + offsetMs`. */
export function isoAt(offsetMs = 0): string {
  return new Date(T0 + offsetMs).toISOString()
}

/** A stored execution with sensible defaults: `pending`, fence 0, lastSeq 0, no lease. */
export function makeExecution(overrides: Partial<StoredExecution> = {}): StoredExecution {
  return {
    id: uniqueId('exec'),
    tenantId: TENANT_A,
    workflowId: 'wf-conformance',
    workflowVersion: 1,
    workflowHash: 'hash-1',
    status: 'pending',
    variables: { topic: 'storage', count: 3, nested: { list: [1, 'two', null] } },
    outputs: {},
    startedAt: isoAt(),
    lastSeq: 0,
    fence: 0,
    ...overrides,
  }
}

/** A step instance row of `executionId`: a top-level `running` attempt 1 by default. */
export function makeStep(executionId: string, overrides: Partial<StepRecord> = {}): StepRecord {
  return {
    executionId,
    stepId: 'step-1',
    stepType: 'set',
    iterationPath: '',
    attempt: 1,
    status: 'running',
    input: { values: { a: 1 } },
    startedAt: isoAt(1_000),
    ...overrides,
  }
}

/** A completed copy of a step row (output set, endedAt set). */
export function completedStep(row: StepRecord, output: unknown = { ok: true }): StepRecord {
  return { ...row, status: 'completed', output, endedAt: isoAt(2_000) }
}

/**
 * An event of `executionId` with the given `seq`: a `step.started` event by default, or an
 * `agent.text.delta` when `delta` is given.
 */
export function makeEvent(executionId: string, seq: number, options: { workflowId?: string; stepId?: string; delta?: string } = {}): StepwiseEvent {
  const base = {
    seq,
    executionId,
    workflowId: options.workflowId ?? 'wf-conformance',
    at: isoAt(seq),
    stepId: options.stepId ?? 'step-1',
    stepType: 'agent_prompt',
    iterationPath: '',
    attempt: 1,
  }
  if (options.delta !== undefined) return { ...base, type: 'agent.text.delta', turnId: 'turn-1', delta: options.delta }
  return { ...base, type: 'step.started', input: { prompt: `event ${seq}` } }
}

/** `count` consecutive events of `executionId` starting at `fromSeq`. */
export function makeEvents(executionId: string, fromSeq: number, count: number): StepwiseEvent[] {
  return Array.from({ length: count }, (_, i) => makeEvent(executionId, fromSeq + i))
}

/** A pending approval of a step instance, with a fresh random token. */
export function makeApproval(executionId: string, overrides: Partial<ApprovalRecord> = {}): ApprovalRecord {
  return {
    executionId,
    stepId: 'approve-1',
    iterationPath: '',
    token: uniqueId('token'),
    prompt: 'Ship it?',
    approvers: ['ops'],
    status: 'pending',
    createdAt: isoAt(3_000),
    ...overrides,
  }
}

/** An approval decision (approved unless `approved: false`). */
export function makeDecision(approved = true, overrides: Partial<ApprovalDecision> = {}): ApprovalDecision {
  return { approved, decision: approved ? 'approved' : 'denied', by: 'alice', comment: 'looks fine', decidedAt: isoAt(4_000), ...overrides }
}

/** Input of `saveWorkflow` for `workflowId` with definition hash `hash`. */
export function makeSaveInput(workflowId: string, hash: string, overrides: Partial<SaveWorkflowInput> = {}): SaveWorkflowInput {
  return {
    workflowId,
    name: `Workflow ${workflowId}`,
    hash,
    definition: { id: workflowId, hash, steps: [{ id: 's1', type: 'set', values: { x: hash } }] },
    source: 'save',
    author: 'bob',
    notes: 'first',
    now: isoAt(),
    ...overrides,
  }
}

/** Creates an execution under `tenantId` and claims it; returns the record and the fence. */
export async function createClaimed(
  storage: StorageAdapterV1,
  options: { tenantId?: string; owner?: string; leaseMs?: number; now?: number; execution?: Partial<StoredExecution> } = {},
): Promise<{ execution: StoredExecution; fence: number }> {
  const tenantId = options.tenantId ?? TENANT_A
  const { execution } = await storage.createExecution(tenantId, makeExecution({ tenantId, ...options.execution }))
  const claim = await storage.claimExecution(tenantId, execution.id, {
    owner: options.owner ?? 'owner-1',
    leaseMs: options.leaseMs ?? 30_000,
    now: options.now ?? T0,
  })
  if (claim === undefined) throw new Error(`conformance setup: could not claim ${execution.id}`)
  return { execution: claim.execution, fence: claim.fence }
}

/** Awaits `promise`, expecting it to reject with a StepwiseError of `code`; returns the error. */
export async function expectStepwiseError(promise: Promise<unknown>, code: StepwiseErrorCode): Promise<StepwiseError> {
  let outcome: unknown
  try {
    await promise
  } catch (error) {
    outcome = error
  }
  if (!StepwiseError.isInstance(outcome)) {
    throw new Error(`expected a StepwiseError ${code}, got ${outcome === undefined ? 'success' : String(outcome)}`)
  }
  if (outcome.code !== code) throw new Error(`expected StepwiseError ${code}, got ${outcome.code}: ${outcome.message}`)
  return outcome
}

/** Settles every promise; returns fulfilled values and rejection reasons separately. */
export async function settleAll<T>(promises: readonly Promise<T>[]): Promise<{ values: T[]; errors: unknown[] }> {
  const results = await Promise.allSettled(promises)
  const values: T[] = []
  const errors: unknown[] = []
  for (const r of results) {
    if (r.status === 'fulfilled') values.push(r.value)
    else errors.push(r.reason)
  }
  return { values, errors }
}
