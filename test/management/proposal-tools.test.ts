import { describe, expect, it } from 'vitest'
import { callTool, codeOf, managedEngine, okResult, sampleWorkflow } from './management-helpers.js'

describe('proposal tools', () => {
  it('create → list → review → apply; apply twice reports alreadyApplied', async () => {
    const { engine, tools } = managedEngine()
    const base = await engine.workflows.save(sampleWorkflow('a', 1))
    const created = okResult(await callTool(tools, 'create_workflow_proposal', { workflowId: 'a', baseHash: base.hash, definition: sampleWorkflow('a', 2), notes: 'count twice' }))
    const proposal = created.proposal as { id: string; status: string; author: string; diff: string }
    expect(proposal).toMatchObject({ status: 'pending', author: 'user:ann', workflowId: 'a', baseHash: base.hash, notes: 'count twice' })
    expect(proposal.diff).toMatch(/"n": 2/)
    expect(proposal).not.toHaveProperty('definition')

    const listed = okResult(await callTool(tools, 'list_workflow_proposals', { workflowId: 'a', status: 'pending' }))
    expect((listed.proposals as { id: string }[]).map((p) => p.id)).toEqual([proposal.id])
    expect(okResult(await callTool(tools, 'list_workflow_proposals', { status: 'applied' })).proposals).toEqual([])

    const reviewed = okResult(await callTool(tools, 'review_workflow_proposal', { proposalId: proposal.id, approved: true, notes: 'ok' }))
    expect(reviewed.proposal).toMatchObject({ status: 'approved', review: { approved: true, by: 'user:ann', notes: 'ok' } })
    const applied = okResult(await callTool(tools, 'apply_workflow_proposal', { proposalId: proposal.id }))
    expect(applied).toMatchObject({ alreadyApplied: false, proposal: { status: 'applied' }, result: { version: 2, changed: true }, before: { version: 1, hash: base.hash } })
    expect((await engine.workflows.get('a')).definition.steps[0]).toMatchObject({ values: { n: 2 } })
    expect(okResult(await callTool(tools, 'apply_workflow_proposal', { proposalId: proposal.id }))).toMatchObject({ alreadyApplied: true })
  })

  it('errors come back as results: stale base, self-modification off, invalid document, wrong state, unknown id', async () => {
    const { engine, tools } = managedEngine()
    const base = await engine.workflows.save(sampleWorkflow('a', 1))
    await engine.workflows.save(sampleWorkflow('locked', 1, { constraints: { allowSelfModification: false } }))
    const locked = await engine.workflows.get('locked')
    expect(codeOf(await callTool(tools, 'create_workflow_proposal', { workflowId: 'a', baseHash: 'old', definition: sampleWorkflow('a', 2) }))).toBe('PROPOSAL_STALE')
    expect(codeOf(await callTool(tools, 'create_workflow_proposal', { workflowId: 'locked', baseHash: locked.hash, definition: sampleWorkflow('locked', 2) }))).toBe('SELF_MODIFICATION_DISABLED')
    expect(codeOf(await callTool(tools, 'create_workflow_proposal', { workflowId: 'a', baseHash: base.hash, definition: { steps: [{ id: 'x', type: 'nope' }] } }))).toBe('WORKFLOW_INVALID')
    expect(codeOf(await callTool(tools, 'create_workflow_proposal', { workflowId: 'nope', baseHash: base.hash, definition: sampleWorkflow('nope') }))).toBe('NOT_FOUND')

    const created = okResult(await callTool(tools, 'create_workflow_proposal', { workflowId: 'a', baseHash: base.hash, definition: sampleWorkflow('a', 2) }))
    const id = (created.proposal as { id: string }).id
    expect(codeOf(await callTool(tools, 'apply_workflow_proposal', { proposalId: id }))).toBe('PROPOSAL_STATE_INVALID')
    okResult(await callTool(tools, 'review_workflow_proposal', { proposalId: id, approved: false }))
    expect(codeOf(await callTool(tools, 'review_workflow_proposal', { proposalId: id, approved: true }))).toBe('PROPOSAL_STATE_INVALID')
    expect(codeOf(await callTool(tools, 'review_workflow_proposal', { proposalId: 'prp_nope', approved: true }))).toBe('NOT_FOUND')
    expect(codeOf(await callTool(tools, 'apply_workflow_proposal', { proposalId: 'prp_nope' }))).toBe('NOT_FOUND')
    expect((await engine.workflows.get('a')).hash).toBe(base.hash)
  })
})
