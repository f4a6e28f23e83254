import { describe, expect, it } from 'vitest'
import { createEngine, memoryStorage } from '../../src/index.js'
import { createTestClock } from '../../src/testing/index.js'
import { collectEvents, recordingTool, testEngine } from '../helpers.js'

const gated = (extra: Record<string, unknown> = {}) => ({
  id: 'gated',
  steps: [
    { id: 'before', type: 'tool', tool: 'effect', arguments: { n: 1 } },
    { id: 'gate', type: 'approval', prompt: 'Deploy {{variables.env}}?', ...extra },
    { id: 'after', type: 'tool', tool: 'effect', arguments: { n: 2 } },
  ],
  variables: { env: { type: 'string', default: 'prod' } },
})

describe('approvals', () => {
  it('pauses durably with a rendered prompt and a random token; approve resumes without re-running completed steps', async () => {
    const effect = recordingTool((input) => input.n)
    const { engine } = testEngine({ tools: { effect: effect.tool } })
    const waiting = await engine.run(gated())
    expect(waiting.status).toBe('waiting')
    expect(waiting.waitingFor).toMatchObject({ kind: 'approval', stepId: 'gate', iterationPath: '', prompt: 'Deploy prod?' })
    const token = waiting.waitingFor?.kind === 'approval' ? waiting.waitingFor.token : ''
    expect(token).toMatch(/^apr_[A-Za-z0-9_-]{43}$/)
    const decision = await engine.executions.approve(waiting.id, { approved: true, by: 'ana', comment: 'ship it' })
    expect(decision).toMatchObject({ approved: true, decision: 'approved', by: 'ana', comment: 'ship it' })
    const done = await engine.executions.settled(waiting.id)
    expect(done.status).toBe('completed')
    expect(done.outputs.gate).toMatchObject({ approved: true, by: 'ana', comment: 'ship it' })
    expect(effect.calls.map((c) => c.input.n)).toEqual([1, 2]) // valet bug: resume replayed `before`
    const types = (await collectEvents(engine, waiting.id)).map((e) => e.type)
    expect(types).toContain('approval.requested')
    expect(types).toContain('approval.decided')
    expect(types).toContain('execution.resumed')
  })

  it('tokens are random, not derivable from ids (valet bug)', async () => {
    const effect = recordingTool()
    const { engine } = testEngine({ tools: { effect: effect.tool } })
    const a = await engine.run(gated())
    const b = await engine.run(gated())
    const tokenOf = (e: typeof a) => (e.waitingFor?.kind === 'approval' ? e.waitingFor.token : '')
    expect(tokenOf(a)).not.toBe(tokenOf(b))
    expect(tokenOf(a)).not.toContain(a.id)
  })

  it('first decision wins; the same decision again returns it; the opposite is APPROVAL_ALREADY_DECIDED', async () => {
    const effect = recordingTool()
    const { engine } = testEngine({ tools: { effect: effect.tool } })
    const waiting = await engine.run(gated())
    const results = await Promise.allSettled([
      engine.executions.approve(waiting.id, { approved: true, by: 'a' }),
      engine.executions.approve(waiting.id, { approved: true, by: 'b' }),
    ])
    const values = results.map((r) => (r.status === 'fulfilled' ? r.value : undefined))
    expect(values[0]).toEqual(values[1])
    await expect(engine.executions.approve(waiting.id, { approved: false })).rejects.toMatchObject({ code: 'APPROVAL_ALREADY_DECIDED' })
    await engine.executions.settled(waiting.id)
    expect(effect.calls).toHaveLength(2)
  })

  it('denial cancels the execution (reason approval_denied) and the step is cancelled, not left waiting (valet bug)', async () => {
    const effect = recordingTool()
    const { engine } = testEngine({ tools: { effect: effect.tool } })
    const waiting = await engine.run(gated())
    await engine.executions.approve(waiting.id, { approved: false, by: 'bo' })
    const done = await engine.executions.settled(waiting.id)
    expect(done.status).toBe('cancelled')
    expect(done.error).toMatchObject({ code: 'CANCELLED', reason: 'approval_denied' })
    const steps = await engine.executions.steps(waiting.id)
    expect(steps.find((s) => s.stepId === 'gate')?.status).toBe('cancelled')
    expect(effect.calls).toHaveLength(1)
  })

  it('onDeny continue completes the step with approved false; onDeny fail fails', async () => {
    const effect = recordingTool()
    const { engine } = testEngine({ tools: { effect: effect.tool } })
    const c = await engine.run(gated({ onDeny: 'continue' }))
    await engine.executions.approve(c.id, { approved: false })
    const cont = await engine.executions.settled(c.id)
    expect(cont.status).toBe('completed')
    expect(cont.outputs.gate).toMatchObject({ approved: false, decision: 'denied' })
    const f = await engine.run(gated({ onDeny: 'fail' }))
    await engine.executions.approve(f.id, { approved: false })
    expect((await engine.executions.settled(f.id)).status).toBe('failed')
  })

  it('decides by token (link approvals); unknown tokens are rejected', async () => {
    const effect = recordingTool()
    const { engine } = testEngine({ tools: { effect: effect.tool } })
    const waiting = await engine.run(gated())
    const token = waiting.waitingFor?.kind === 'approval' ? waiting.waitingFor.token : ''
    expect((await engine.approvals.get(token)).stepId).toBe('gate')
    await expect(engine.approvals.decide('apr_forged', { approved: true })).rejects.toMatchObject({ code: 'APPROVAL_TOKEN_INVALID' })
    await engine.approvals.decide(token, { approved: true, by: 'link' })
    expect((await engine.executions.settled(waiting.id)).status).toBe('completed')
    await expect(engine.forTenant('other').approvals.get(token)).rejects.toMatchObject({ code: 'APPROVAL_TOKEN_INVALID' })
  })

  it('several approval gates in sequence each pause and resume', async () => {
    const { engine } = testEngine()
    const wf = { id: 'two', steps: [{ id: 'g1', type: 'approval' }, { id: 'g2', type: 'approval' }, { id: 's', type: 'set', values: { done: 'true' } }] }
    const first = await engine.run(wf)
    expect(first.waitingFor?.stepId).toBe('g1')
    await engine.executions.approve(first.id, { approved: true })
    const second = await engine.executions.settled(first.id)
    expect(second.status).toBe('waiting')
    expect(second.waitingFor?.stepId).toBe('g2')
    await engine.executions.approve(first.id, { approved: true, stepId: 'g2' })
    expect((await engine.executions.settled(first.id)).outputs.done).toBe(true)
  })

  it('approvals inside loops carry the iteration path; approve without stepId while several wait is APPROVAL_AMBIGUOUS', async () => {
    const { engine } = testEngine()
    const waiting = await engine.run({ id: 'la', steps: [{ id: 'l', type: 'loop', over: [1, 2], concurrency: 2, steps: [{ id: 'g', type: 'approval', prompt: 'item {{loop.item}}' }] }] })
    expect(waiting.status).toBe('waiting')
    const approvals = await engine.executions.approvals(waiting.id)
    expect(approvals.map((a) => [a.iterationPath, a.prompt])).toEqual([['l:i0', 'item 1'], ['l:i1', 'item 2']])
    await expect(engine.executions.approve(waiting.id, { approved: true })).rejects.toMatchObject({ code: 'APPROVAL_AMBIGUOUS' })
    await engine.executions.approve(waiting.id, { approved: true, stepId: 'g', iterationPath: 'l:i0' })
    expect((await engine.executions.settled(waiting.id)).status).toBe('waiting')
    await engine.executions.approve(waiting.id, { approved: true, stepId: 'g', iterationPath: 'l:i1' })
    const done = await engine.executions.settled(waiting.id)
    expect(done.status).toBe('completed')
    const loopRow = (await engine.executions.steps(waiting.id)).find((s) => s.stepId === 'l')
    expect(loopRow?.status).toBe('completed')
  })

  it('a container whose child waits reports waiting', async () => {
    const { engine } = testEngine()
    const waiting = await engine.run({ id: 'cw', steps: [{ id: 'c', type: 'conditional', condition: true, then: [{ id: 'g', type: 'approval' }] }] })
    const steps = await engine.executions.steps(waiting.id)
    expect(steps.find((s) => s.stepId === 'c')?.status).toBe('waiting')
    expect(steps.find((s) => s.stepId === 'g')?.iterationPath).toBe('c:then')
  })

  it('timeouts apply onTimeout through tick(): deny by default (approval_expired), approve, fail', async () => {
    const clock = createTestClock()
    const engine = createEngine({ storage: memoryStorage(), clock })
    const run = (onTimeout?: string) => engine.run({ id: `t-${onTimeout ?? 'default'}`, steps: [{ id: 'g', type: 'approval', timeoutMs: 60_000, ...(onTimeout ? { onTimeout } : {}) }] })
    const [deny, approve, fail] = await Promise.all([run(), run('approve'), run('fail')])
    expect(deny.waitingFor).toMatchObject({ expiresAt: '2026-01-01T00:01:00.000Z' })
    clock.advance(59_000)
    await engine.tick()
    expect((await engine.executions.get(deny.id)).status).toBe('waiting')
    clock.advance(1_000)
    await engine.tick()
    expect(await engine.executions.settled(deny.id)).toMatchObject({ status: 'cancelled', error: { reason: 'approval_expired' } })
    expect((await engine.executions.settled(approve.id)).status).toBe('completed')
    expect((await engine.executions.settled(fail.id)).status).toBe('failed')
    await expect(engine.executions.approve(deny.id, { approved: true })).rejects.toMatchObject({ code: 'APPROVAL_ALREADY_DECIDED' })
  })

  it('a parked execution holds no timer in the engine', async () => {
    const clock = createTestClock()
    const engine = createEngine({ storage: memoryStorage(), clock })
    await Promise.all(Array.from({ length: 20 }, () => engine.run({ id: 'park', steps: [{ id: 'g', type: 'approval' }] })))
    expect(clock.pendingTimers()).toBe(0)
  })
})
