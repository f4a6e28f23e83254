import { describe, expect, it } from 'vitest'
import type { Engine } from '../../src/index.js'
import { testEngine } from '../helpers.js'

const doc = (n: number, allow = true) => ({
  id: 'triage',
  name: 'Triage',
  constraints: { allowSelfModification: allow },
  steps: [{ id: 'count', type: 'set', values: { n } }],
})

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    return (error as { code: string }).code
  }
  throw new Error('expected a rejection')
}

async function saved(engine: Engine, allow = true): Promise<string> {
  return (await engine.workflows.save(doc(1, allow))).hash
}

describe('proposals', () => {
  it('create → review → apply records a version with source "proposal"; the diff shows the change', async () => {
    const { engine } = testEngine()
    const agent = engine.forTenant('default', { actor: 'agent:triage' })
    const base = await saved(engine)
    const proposal = await agent.proposals.create({ workflowId: 'triage', baseHash: base, definition: doc(2), notes: 'count twice' })
    expect(proposal).toMatchObject({ status: 'pending', author: 'agent:triage', baseHash: base, workflowId: 'triage' })
    expect(proposal.diff).toMatch(/^- +"n": 1$/m)
    expect(proposal.diff).toMatch(/^\+ +"n": 2$/m)
    expect(Date.parse(proposal.expiresAt) - Date.parse(proposal.createdAt)).toBe(14 * 24 * 3600_000)

    const person = engine.forTenant('default', { actor: 'user:ann' })
    const reviewed = await person.proposals.review(proposal.id, { approved: true, notes: 'ok' })
    expect(reviewed.review).toMatchObject({ approved: true, by: 'user:ann', notes: 'ok' })
    expect(await codeOf(person.proposals.review(proposal.id, { approved: false }))).toBe('PROPOSAL_STATE_INVALID')

    const applied = await person.proposals.apply(proposal.id)
    expect(applied.alreadyApplied).toBe(false)
    expect(applied.before).toEqual({ version: 1, hash: base })
    expect(applied.result).toMatchObject({ version: 2, changed: true })
    expect(applied.proposal).toMatchObject({ status: 'applied', appliedBy: 'user:ann', appliedHash: applied.result.hash })
    const history = await engine.workflows.history('triage')
    expect(history.map((v) => [v.version, v.source, v.author])).toEqual([
      [2, 'proposal', 'user:ann'],
      [1, 'save', undefined],
    ])
    expect((await engine.workflows.get('triage')).definition.steps[0]).toMatchObject({ values: { n: 2 } })

    const again = await person.proposals.apply(proposal.id)
    expect(again).toMatchObject({ alreadyApplied: true, result: { hash: applied.result.hash, changed: false } })
    expect(await engine.workflows.history('triage')).toHaveLength(2)
  })

  it('concurrent applies of one proposal: one applies, the others report it already applied', async () => {
    const { engine } = testEngine()
    const base = await saved(engine)
    const { id } = await engine.proposals.create({ workflowId: 'triage', baseHash: base, definition: doc(3) })
    await engine.proposals.review(id, { approved: true, by: 'ann' })
    const results = await Promise.all(Array.from({ length: 5 }, () => engine.proposals.apply(id, { by: 'ann' })))
    expect(results.filter((r) => !r.alreadyApplied)).toHaveLength(1)
    expect(await engine.workflows.history('triage')).toHaveLength(2)
  })

  it('refuses workflows without allowSelfModification, stale bases, invalid documents and past expiries', async () => {
    const { engine } = testEngine()
    const closed = await saved(engine, false)
    expect(await codeOf(engine.proposals.create({ workflowId: 'triage', baseHash: closed, definition: doc(2) }))).toBe('SELF_MODIFICATION_DISABLED')
    const base = (await engine.workflows.save(doc(1))).hash
    expect(await codeOf(engine.proposals.create({ workflowId: 'triage', baseHash: closed, definition: doc(2) }))).toBe('PROPOSAL_STALE')
    const invalid = { ...doc(2), steps: [{ id: 'x', type: 'agent', prompt: 'hi' }] }
    expect(await codeOf(engine.proposals.create({ workflowId: 'triage', baseHash: base, definition: invalid }))).toBe('WORKFLOW_INVALID')
    expect(await codeOf(engine.proposals.create({ workflowId: 'triage', baseHash: base, definition: doc(2), expiresAt: '2020-01-01T00:00:00Z' }))).toBe('INVALID_ARGUMENT')
    expect(await codeOf(engine.proposals.create({ workflowId: 'missing', baseHash: base, definition: doc(2) }))).toBe('NOT_FOUND')
    expect(await engine.proposals.list()).toEqual([])
  })

  it('an apply after the workflow changed is stale; unapproved and rejected proposals cannot be applied', async () => {
    const { engine } = testEngine()
    const base = await saved(engine)
    const a = await engine.proposals.create({ workflowId: 'triage', baseHash: base, definition: doc(2) })
    const b = await engine.proposals.create({ workflowId: 'triage', baseHash: base, definition: doc(3) })
    expect(await codeOf(engine.proposals.apply(a.id))).toBe('PROPOSAL_STATE_INVALID')
    await engine.proposals.review(b.id, { approved: false, by: 'ann' })
    expect(await codeOf(engine.proposals.apply(b.id))).toBe('PROPOSAL_STATE_INVALID')
    await engine.proposals.review(a.id, { approved: true, by: 'ann' })
    await engine.workflows.save(doc(9))
    expect(await codeOf(engine.proposals.apply(a.id))).toBe('PROPOSAL_STALE')
    expect((await engine.workflows.get('triage')).definition.steps[0]).toMatchObject({ values: { n: 9 } })
    expect((await engine.proposals.list({ status: 'rejected' })).map((p) => p.id)).toEqual([b.id])
  })

  it('expired proposals read as expired and can be neither reviewed nor applied', async () => {
    const { engine, clock } = testEngine()
    const base = await saved(engine)
    const pending = await engine.proposals.create({ workflowId: 'triage', baseHash: base, definition: doc(2) })
    const approved = await engine.proposals.create({ workflowId: 'triage', baseHash: base, definition: doc(3), expiresAt: new Date(clock.now().getTime() + 60_000).toISOString() })
    await engine.proposals.review(approved.id, { approved: true, by: 'ann' })
    clock.advance(61_000)
    expect((await engine.proposals.get(approved.id)).status).toBe('expired')
    expect(await codeOf(engine.proposals.apply(approved.id))).toBe('PROPOSAL_EXPIRED')
    expect((await engine.proposals.list({ status: 'expired' })).map((p) => p.id)).toEqual([approved.id])
    clock.advance(14 * 24 * 3600_000)
    expect(await codeOf(engine.proposals.review(pending.id, { approved: true }))).toBe('PROPOSAL_EXPIRED')
    expect((await engine.proposals.list({ status: 'expired' })).map((p) => p.id).sort()).toEqual([approved.id, pending.id].sort())
  })

  it('another tenant sees none of it: every method answers NOT_FOUND or empty', async () => {
    const { engine } = testEngine()
    const base = await saved(engine)
    const { id } = await engine.proposals.create({ workflowId: 'triage', baseHash: base, definition: doc(2) })
    const other = engine.forTenant('other')
    expect(await other.proposals.list()).toEqual([])
    expect(await codeOf(other.proposals.get(id))).toBe('NOT_FOUND')
    expect(await codeOf(other.proposals.review(id, { approved: true }))).toBe('NOT_FOUND')
    expect(await codeOf(other.proposals.apply(id))).toBe('NOT_FOUND')
    expect(await codeOf(other.proposals.create({ workflowId: 'triage', baseHash: base, definition: doc(2) }))).toBe('NOT_FOUND')
    expect((await engine.proposals.get(id)).status).toBe('pending')
  })
})

describe('versions and actors', () => {
  it('update changes top-level fields, validates in full and records source "update"', async () => {
    const { engine } = testEngine()
    await saved(engine)
    const bob = engine.forTenant('default', { actor: 'user:bob' })
    const result = await bob.workflows.update('triage', { name: 'Triage v2' }, { notes: 'rename' })
    expect(result).toMatchObject({ version: 2, changed: true })
    expect((await engine.workflows.get('triage')).name).toBe('Triage v2')
    expect((await engine.workflows.history('triage'))[0]).toMatchObject({ source: 'update', author: 'user:bob', notes: 'rename' })
    expect(await codeOf(bob.workflows.update('triage', { steps: [{ id: 'x', type: 'nope' }] }))).toBe('WORKFLOW_INVALID')
    expect(await codeOf(bob.workflows.update('missing', { name: 'x' }))).toBe('NOT_FOUND')
    expect(await codeOf(engine.forTenant('other').workflows.update('triage', { name: 'x' }))).toBe('NOT_FOUND')
  })

  it('rollback to the head is a no-op flagged changed: false; to an older hash records source "rollback"', async () => {
    const { engine } = testEngine()
    const first = await saved(engine)
    const second = await engine.workflows.save(doc(2))
    expect(await engine.workflows.rollback('triage', { hash: second.hash })).toMatchObject({ changed: false, version: 2 })
    expect(await engine.workflows.rollback('triage', { hash: first })).toMatchObject({ changed: true, version: 3, hash: first })
    expect((await engine.workflows.history('triage'))[0]).toMatchObject({ source: 'rollback', version: 3 })
  })

  it('an actor bound with forTenant decides approvals as `by` unless the call names someone', async () => {
    const { engine } = testEngine()
    const wf = { id: 'gate', steps: [{ id: 'ok', type: 'approval', prompt: 'Ship?' }] }
    const first = await engine.run(wf)
    const second = await engine.run(wf)
    const ann = engine.forTenant('default', { actor: 'user:ann' })
    expect(await ann.executions.approve(first.id, { approved: true })).toMatchObject({ by: 'user:ann' })
    expect(await ann.executions.approve(second.id, { approved: true, by: 'user:zoe' })).toMatchObject({ by: 'user:zoe' })
    expect(ann.actor).toBe('user:ann')
  })
})
