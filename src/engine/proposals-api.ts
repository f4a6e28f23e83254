import { StepwiseError } from '../errors/stepwise-error.js'
import { canonicalHash } from '../language/canonical-hash.js'
import { lineDiff } from '../language/line-diff.js'
import type { WorkflowDefinition } from '../language/workflow-types.js'
import type { EngineCore } from './engine-core.js'
import { newId } from './ids.js'
import type { ApplyProposalResult, ProposalRecord, ProposalsApi } from './proposal-types.js'
import type { WorkflowsApi } from './engine-types.js'
import { requireValid, storeWorkflow } from './workflows-api.js'

const DEFAULT_EXPIRY_MS = 14 * 24 * 3600_000
const MAX_LIMIT = 500

function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2)
}

function notFound(id: string): StepwiseError {
  return new StepwiseError('NOT_FOUND', `Proposal ${id} not found.`, { details: { proposalId: id } })
}

function requireSelfModification(definition: WorkflowDefinition): void {
  if (definition.constraints?.allowSelfModification !== true) {
    throw new StepwiseError(
      'SELF_MODIFICATION_DISABLED',
      `Workflow ${definition.id} does not accept proposals: set "constraints": { "allowSelfModification": true } on it to let agents propose changes.`,
      { details: { workflowId: definition.id } },
    )
  }
}

function stale(proposal: { workflowId: string; baseHash: string }, head: string): StepwiseError {
  return new StepwiseError('PROPOSAL_STALE', `Workflow ${proposal.workflowId} is at ${head}, not at the proposal's base ${proposal.baseHash}: read it again and propose against the current version.`, {
    details: { workflowId: proposal.workflowId, baseHash: proposal.baseHash, currentHash: head },
  })
}

/** Creates the tenant-scoped proposals API over the workflows API of the same tenant and actor. */
export function createProposalsApi(core: EngineCore, tenantId: string, workflows: WorkflowsApi, actor: string | undefined): ProposalsApi {
  const storage = core.storage
  const iso = (ms = core.now()): string => new Date(ms).toISOString()
  // A pending or approved proposal past its expiry reads as `expired`.
  const view = (p: ProposalRecord): ProposalRecord =>
    (p.status === 'pending' || p.status === 'approved') && Date.parse(p.expiresAt) <= core.now() ? { ...p, status: 'expired' } : p
  const load = async (id: string): Promise<ProposalRecord> => {
    const found = typeof id === 'string' ? await storage.getProposal(tenantId, id) : undefined
    if (found === undefined) throw notFound(String(id))
    return found
  }
  const requireLive = (p: ProposalRecord): void => {
    if (view(p).status === 'expired') throw new StepwiseError('PROPOSAL_EXPIRED', `Proposal ${p.id} expired at ${p.expiresAt}.`, { details: { proposalId: p.id, expiresAt: p.expiresAt } })
  }
  const wrongState = (p: ProposalRecord, needed: string): StepwiseError =>
    new StepwiseError('PROPOSAL_STATE_INVALID', `Proposal ${p.id} is ${p.status}; it must be ${needed}.`, { details: { proposalId: p.id, status: p.status } })

  return {
    async create(input) {
      if (typeof input !== 'object' || input === null || typeof input.workflowId !== 'string' || typeof input.baseHash !== 'string') {
        throw new StepwiseError('INVALID_ARGUMENT', 'proposals.create needs { workflowId, baseHash, definition }.')
      }
      const head = await workflows.get(input.workflowId)
      requireSelfModification(head.definition)
      if (head.hash !== input.baseHash) throw stale(input, head.hash)
      const proposed = input.definition !== null && typeof input.definition === 'object' ? { ...(input.definition as object), id: input.workflowId } : input.definition
      const definition = requireValid(core, proposed)
      let expiresAt = iso(core.now() + DEFAULT_EXPIRY_MS)
      if (input.expiresAt !== undefined) {
        const at = Date.parse(input.expiresAt)
        if (!Number.isFinite(at) || at <= core.now()) throw new StepwiseError('INVALID_ARGUMENT', `expiresAt must be a future ISO time, got ${JSON.stringify(input.expiresAt)}.`)
        expiresAt = iso(at)
      }
      const record: ProposalRecord = {
        id: `prp_${newId()}`,
        workflowId: input.workflowId,
        baseHash: input.baseHash,
        definition,
        diff: input.diff ?? lineDiff(pretty(head.definition), pretty(definition)),
        status: 'pending',
        createdAt: iso(),
        expiresAt,
      }
      const author = input.author ?? actor
      if (author !== undefined) record.author = author
      if (input.notes !== undefined) record.notes = input.notes
      if (input.executionId !== undefined) record.executionId = input.executionId
      await storage.insertProposal(tenantId, record)
      return record
    },
    async list(filter = {}) {
      const limit = Math.min(Math.max(1, Math.floor(filter.limit ?? 50)), MAX_LIMIT)
      if (filter.status === 'expired') {
        const candidates = [
          ...(await storage.listProposals(tenantId, { workflowId: filter.workflowId, status: 'pending', limit: MAX_LIMIT })),
          ...(await storage.listProposals(tenantId, { workflowId: filter.workflowId, status: 'approved', limit: MAX_LIMIT })),
        ]
        return candidates.map(view).filter((p) => p.status === 'expired').sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1)).slice(0, limit)
      }
      const listed = await storage.listProposals(tenantId, { workflowId: filter.workflowId, status: filter.status, limit })
      return listed.map(view).filter((p) => filter.status === undefined || p.status === filter.status)
    },
    async get(id) {
      return view(await load(id))
    },
    async review(id, input) {
      if (typeof input?.approved !== 'boolean') throw new StepwiseError('INVALID_ARGUMENT', 'review needs { approved: boolean }.')
      const current = await load(id)
      if (current.status !== 'pending') throw wrongState(current, 'pending to be reviewed')
      requireLive(current)
      const by = input.by ?? actor
      const next: ProposalRecord = {
        ...current,
        status: input.approved ? 'approved' : 'rejected',
        review: { approved: input.approved, decidedAt: iso(), ...(by !== undefined ? { by } : {}), ...(input.notes !== undefined ? { notes: input.notes } : {}) },
      }
      if (!(await storage.updateProposal(tenantId, id, 'pending', next))) throw wrongState(await load(id), 'pending to be reviewed')
      return next
    },
    async apply(id, input = {}): Promise<ApplyProposalResult> {
      const current = await load(id)
      const head = await workflows.get(current.workflowId)
      if (current.status === 'applied') {
        const hash = current.appliedHash ?? canonicalHash(current.definition)
        return { proposal: current, result: { id: head.id, version: head.version, hash, changed: false }, before: { version: head.version, hash: head.hash }, alreadyApplied: true }
      }
      if (current.status !== 'approved') throw wrongState(current, 'approved before it is applied')
      requireLive(current)
      requireSelfModification(head.definition)
      if (head.hash !== current.baseHash) throw stale(current, head.hash)
      const by = input.by ?? actor
      const notes = input.notes ?? `Proposal ${current.id}${current.notes !== undefined ? `: ${current.notes}` : ''}`
      const result = await storeWorkflow(core, tenantId, requireValid(core, current.definition), 'proposal', by ?? current.author, notes)
      const next: ProposalRecord = { ...current, status: 'applied', appliedAt: iso(), appliedHash: result.hash, ...(by !== undefined ? { appliedBy: by } : {}) }
      // A concurrent apply of the same proposal saved the same document (a no-op save): report it as already applied.
      if (!(await storage.updateProposal(tenantId, id, 'approved', next))) {
        const now = await load(id)
        if (now.status !== 'applied') throw wrongState(now, 'approved before it is applied')
        return { proposal: now, result: { ...result, changed: false }, before: { version: head.version, hash: head.hash }, alreadyApplied: true }
      }
      return { proposal: next, result, before: { version: head.version, hash: head.hash }, alreadyApplied: false }
    },
  }
}
