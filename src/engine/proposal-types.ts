/**
 * @module
 * Proposals: a change to a workflow suggested by an agent, reviewed by a person, then applied.
 */
import type { SaveResult } from './engine-types.js'

/** Stored state of a proposal. `expired` is reported when a pending or approved proposal's `expiresAt` has passed. */
export type ProposalStatus = 'pending' | 'approved' | 'rejected' | 'applied' | 'expired'

/** The review decision recorded on a proposal. */
export interface ProposalReview {
  /** Approved (`true`) or rejected (`false`). */
  approved: boolean
  /** Who reviewed. */
  by?: string
  /** Review notes. */
  notes?: string
  /** ISO time of the review. */
  decidedAt: string
}

/** A proposed change to a saved workflow. */
export interface ProposalRecord {
  /** Proposal id (`prp_…`). */
  id: string
  /** The workflow it changes. */
  workflowId: string
  /** Hash of the version the proposal was made against. */
  baseHash: string
  /** The proposed document (validated in full when created and again when applied). */
  definition: unknown
  /** Line diff of the canonical JSON, base → proposed (given by the proposer or computed). */
  diff: string
  /** Status (see {@link ProposalStatus}). */
  status: ProposalStatus
  /** Who proposed (an actor, e.g. `agent:triage`). */
  author?: string
  /** Why. */
  notes?: string
  /** The execution whose agent proposed it, if any. */
  executionId?: string
  /** ISO creation time. */
  createdAt: string
  /** ISO expiry time. */
  expiresAt: string
  /** The review, once decided. */
  review?: ProposalReview
  /** ISO time it was applied. */
  appliedAt?: string
  /** Who applied it. */
  appliedBy?: string
  /** Hash of the version the apply produced. */
  appliedHash?: string
}

/** Input of `engine.proposals.create`. */
export interface CreateProposalInput {
  /** The workflow to change. */
  workflowId: string
  /** The hash the change was made against (must be the current head's). */
  baseHash: string
  /** The proposed document. */
  definition: unknown
  /** Diff text to show reviewers (computed from the documents when omitted). */
  diff?: string
  /** Why. */
  notes?: string
  /** Who proposes (defaults to the engine's actor). */
  author?: string
  /** The execution whose agent proposes it. */
  executionId?: string
  /** ISO expiry time, in the future (default: 14 days from now). */
  expiresAt?: string
}

/** Filter of `engine.proposals.list`. */
export interface ProposalFilter {
  /** Only this workflow's proposals. */
  workflowId?: string
  /** Only proposals with this status. */
  status?: ProposalStatus
  /** At most this many (default 50, at most 500). */
  limit?: number
}

/** A version of a workflow, by number and hash. */
export interface VersionRef {
  /** Version number. */
  version: number
  /** Canonical hash. */
  hash: string
}

/** Result of `engine.proposals.apply`. */
export interface ApplyProposalResult {
  /** The proposal after the apply (`applied`). */
  proposal: ProposalRecord
  /** The save that recorded the proposed version (source `proposal`). */
  result: SaveResult
  /** The version that was the head before the apply. */
  before: VersionRef
  /** True when the proposal had already been applied (nothing changed this time). */
  alreadyApplied: boolean
}

/** Proposals of the engine's tenant. */
export interface ProposalsApi {
  /**
   * Records a proposal. The workflow must exist, allow self-modification
   * (`SELF_MODIFICATION_DISABLED`), and be at `baseHash` (`PROPOSAL_STALE`); the document is
   * validated in full (`WORKFLOW_INVALID`).
   */
  create(input: CreateProposalInput): Promise<ProposalRecord>
  /** Lists proposals, newest first. */
  list(filter?: ProposalFilter): Promise<ProposalRecord[]>
  /** Reads one (`NOT_FOUND` when unknown or another tenant's). */
  get(id: string): Promise<ProposalRecord>
  /** Approves or rejects a pending proposal (`PROPOSAL_STATE_INVALID` otherwise, `PROPOSAL_EXPIRED` when expired). */
  review(id: string, input: { approved: boolean; by?: string; notes?: string }): Promise<ProposalRecord>
  /**
   * Saves an approved proposal's document as a new version (source `proposal`). Idempotent: a
   * second apply returns `alreadyApplied: true`. Refuses expired (`PROPOSAL_EXPIRED`), stale
   * (`PROPOSAL_STALE`) and unapproved (`PROPOSAL_STATE_INVALID`) proposals.
   */
  apply(id: string, input?: { by?: string; notes?: string }): Promise<ApplyProposalResult>
}
