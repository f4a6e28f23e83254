/**
 * @module
 * The proposal half of the storage adapter interface (v1).
 */
import type { ProposalRecord, ProposalStatus } from '../../engine/proposal-types.js'

/** Filter of {@link ProposalStorageV1.listProposals}. */
export interface ProposalListFilter {
  /** Only this workflow's proposals. */
  workflowId?: string
  /** Only this stored status. */
  status?: Exclude<ProposalStatus, 'expired'>
  /** At most this many. */
  limit: number
}

/** Storage of proposals. Records are stored whole; the status column backs compare-and-set updates. */
export interface ProposalStorageV1 {
  /** Inserts a new proposal. */
  insertProposal(tenantId: string, proposal: ProposalRecord): Promise<void>
  /** Reads one proposal of the tenant. */
  getProposal(tenantId: string, id: string): Promise<ProposalRecord | undefined>
  /** Lists the tenant's proposals, newest first. */
  listProposals(tenantId: string, filter: ProposalListFilter): Promise<ProposalRecord[]>
  /**
   * Replaces a proposal when its stored status is still `expectedStatus` (compare-and-set).
   * @returns false when the status had changed (another reviewer or apply won).
   */
  updateProposal(tenantId: string, id: string, expectedStatus: ProposalStatus, next: ProposalRecord): Promise<boolean>
}
