import { describe, expect, it } from 'vitest'
import type { ProposalRecord } from '../../engine/proposal-types.js'
import type { ConformanceContext } from './context.js'
import { TENANT_A, TENANT_B, isoAt } from '../conformance-fixtures.js'

function proposal(id: string, overrides: Partial<ProposalRecord> = {}): ProposalRecord {
  return {
    id,
    workflowId: 'wf-a',
    baseHash: 'h-1',
    definition: { id: 'wf-a', steps: [{ id: 's', type: 'set', values: { n: 1 } }] },
    diff: '- a\n+ b',
    status: 'pending',
    author: 'agent:x',
    createdAt: isoAt(),
    expiresAt: isoAt(14 * 24 * 3600_000),
    ...overrides,
  }
}

/** Proposals: stored whole, listed newest first, updated by compare-and-set on the status. */
export function describeProposalCases(ctx: ConformanceContext): void {
  describe('proposals', () => {
    it('insertProposal stores the record that getProposal returns; other tenants and unknown ids read undefined', async () => {
      const record = proposal('prp-1')
      await ctx.storage.insertProposal(TENANT_A, record)
      expect(await ctx.storage.getProposal(TENANT_A, 'prp-1')).toEqual(record)
      expect(await ctx.storage.getProposal(TENANT_B, 'prp-1')).toBeUndefined()
      expect(await ctx.storage.getProposal(TENANT_A, 'prp-unknown')).toBeUndefined()
    })

    it('listProposals filters by workflow and status, newest first, within the limit and the tenant', async () => {
      await ctx.storage.insertProposal(TENANT_A, proposal('prp-1', { createdAt: isoAt(0) }))
      await ctx.storage.insertProposal(TENANT_A, proposal('prp-2', { createdAt: isoAt(1000), status: 'approved' }))
      await ctx.storage.insertProposal(TENANT_A, proposal('prp-3', { createdAt: isoAt(2000), workflowId: 'wf-b' }))
      await ctx.storage.insertProposal(TENANT_B, proposal('prp-4', { createdAt: isoAt(3000) }))
      const ids = (list: ProposalRecord[]): string[] => list.map((p) => p.id)
      expect(ids(await ctx.storage.listProposals(TENANT_A, { limit: 50 }))).toEqual(['prp-3', 'prp-2', 'prp-1'])
      expect(ids(await ctx.storage.listProposals(TENANT_A, { workflowId: 'wf-a', limit: 50 }))).toEqual(['prp-2', 'prp-1'])
      expect(ids(await ctx.storage.listProposals(TENANT_A, { status: 'pending', limit: 50 }))).toEqual(['prp-3', 'prp-1'])
      expect(ids(await ctx.storage.listProposals(TENANT_A, { limit: 1 }))).toEqual(['prp-3'])
      expect(ids(await ctx.storage.listProposals(TENANT_B, { limit: 50 }))).toEqual(['prp-4'])
    })

    it('updateProposal replaces the record only while the status is the expected one', async () => {
      await ctx.storage.insertProposal(TENANT_A, proposal('prp-1'))
      const approved = proposal('prp-1', { status: 'approved', review: { approved: true, by: 'ann', decidedAt: isoAt(500) } })
      expect(await ctx.storage.updateProposal(TENANT_A, 'prp-1', 'pending', approved)).toBe(true)
      expect(await ctx.storage.updateProposal(TENANT_A, 'prp-1', 'pending', proposal('prp-1', { status: 'rejected' }))).toBe(false)
      expect(await ctx.storage.updateProposal(TENANT_B, 'prp-1', 'approved', proposal('prp-1', { status: 'applied' }))).toBe(false)
      expect(await ctx.storage.getProposal(TENANT_A, 'prp-1')).toEqual(approved)
      expect((await ctx.storage.listProposals(TENANT_A, { status: 'approved', limit: 5 })).map((p) => p.id)).toEqual(['prp-1'])
    })

    it('concurrent compare-and-set updates: exactly one wins', async () => {
      await ctx.storage.insertProposal(TENANT_A, proposal('prp-1', { status: 'approved' }))
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, k) => ctx.storage.updateProposal(TENANT_A, 'prp-1', 'approved', proposal('prp-1', { status: 'applied', appliedBy: `w${k}` }))),
      )
      expect(results.filter(Boolean)).toHaveLength(1)
      expect((await ctx.storage.getProposal(TENANT_A, 'prp-1'))?.status).toBe('applied')
    })
  })
}
