import type { ProposalRecord, ProposalStatus } from '../../../engine/proposal-types.js'
import type { ProposalListFilter, ProposalStorageV1 } from '../proposal-storage.js'

/** The proposal part of `memoryStorage()` ({@link ProposalStorageV1}). Records are copied in and out. */
export class MemoryProposalStore implements ProposalStorageV1 {
  #proposals = new Map<string, Map<string, ProposalRecord>>()

  #tenant(tenantId: string): Map<string, ProposalRecord> {
    let map = this.#proposals.get(tenantId)
    if (map === undefined) this.#proposals.set(tenantId, (map = new Map()))
    return map
  }

  async insertProposal(tenantId: string, proposal: ProposalRecord): Promise<void> {
    this.#tenant(tenantId).set(proposal.id, structuredClone(proposal))
  }

  async getProposal(tenantId: string, id: string): Promise<ProposalRecord | undefined> {
    const found = this.#proposals.get(tenantId)?.get(id)
    return found === undefined ? undefined : structuredClone(found)
  }

  async listProposals(tenantId: string, filter: ProposalListFilter): Promise<ProposalRecord[]> {
    const all = [...(this.#proposals.get(tenantId)?.values() ?? [])]
      .filter((p) => (filter.workflowId === undefined || p.workflowId === filter.workflowId) && (filter.status === undefined || p.status === filter.status))
      .sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1))
    return all.slice(0, filter.limit).map((p) => structuredClone(p))
  }

  async updateProposal(tenantId: string, id: string, expectedStatus: ProposalStatus, next: ProposalRecord): Promise<boolean> {
    const map = this.#proposals.get(tenantId)
    const current = map?.get(id)
    if (map === undefined || current === undefined || current.status !== expectedStatus) return false
    map.set(id, structuredClone(next))
    return true
  }
}
