import { tool } from 'ai'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { aiSdkAgent, withToolMeta, type StepwiseEvent } from '../../src/index.js'
import { scriptedModel } from '../../src/testing/index.js'
import { storedEvents, testEngine } from '../helpers.js'

/** A tool that counts its effects per argument set. */
function effectTool(risk: 'low' | 'medium' | 'high' | 'critical', meta: { mutatesWorkflows?: boolean; decidesApprovals?: boolean } = {}) {
  const effects: unknown[] = []
  const t = withToolMeta(
    tool({
      description: 'refunds an order',
      inputSchema: z.object({ order: z.string(), amount: z.number() }),
      execute: async (input) => {
        effects.push(input)
        return { refunded: input.amount }
      },
    }),
    { risk, ...meta },
  )
  return { tool: t, effects }
}

const refundStep = { id: 'refund', type: 'tool', tool: 'refund', arguments: { order: '{{ variables.order }}', amount: 120 } }
const wf = { id: 'refunds', variables: { order: { type: 'string' } }, steps: [refundStep, { id: 'after', type: 'set', values: { done: true } }] }

const denials = (events: StepwiseEvent[]) => events.filter((e) => e.type === 'policy.denied')

describe('tool policy in tool steps', () => {
  it('approve: the execution waits before any effect, shows the exact call, and runs it once when allowed', async () => {
    const refund = effectTool('high')
    const { engine } = testEngine({ tools: { refund: refund.tool } })
    const waiting = await engine.run(wf, { variables: { order: 'A-1' } })
    expect(waiting.status).toBe('waiting')
    expect(refund.effects).toEqual([])
    expect(waiting.waitingFor).toMatchObject({
      kind: 'approval',
      stepId: 'refund',
      tool: { name: 'refund', arguments: { order: 'A-1', amount: 120 }, risk: 'high', argumentsHash: expect.stringMatching(/^sha256:/) },
    })
    expect(waiting.waitingFor?.kind === 'approval' && waiting.waitingFor.prompt).toContain('"order":"A-1"')
    const requested = (await storedEvents(engine, waiting.id)).find((e) => e.type === 'approval.requested')
    expect(requested).toMatchObject({ tool: { name: 'refund', arguments: { order: 'A-1', amount: 120 } } })

    await engine.executions.approve(waiting.id, { approved: true, by: 'ann' })
    const done = await engine.executions.settled(waiting.id)
    expect(done.status).toBe('completed')
    expect(refund.effects).toEqual([{ order: 'A-1', amount: 120 }])
    expect(done.outputs.refund).toEqual({ refunded: 120 })
  })

  it('a person denying the call fails the step with POLICY_DENIED and the tool never runs', async () => {
    const refund = effectTool('high')
    const { engine } = testEngine({ tools: { refund: refund.tool } })
    const waiting = await engine.run(wf, { variables: { order: 'A-2' } })
    await engine.executions.approve(waiting.id, { approved: false, by: 'ann', comment: 'too much' })
    const done = await engine.executions.settled(waiting.id)
    expect(done.status).toBe('failed')
    expect(done.error).toMatchObject({ code: 'POLICY_DENIED', stepId: 'refund' })
    expect(refund.effects).toEqual([])
    expect(denials(await storedEvents(engine, done.id))).toMatchObject([{ tool: 'refund', reason: 'reviewer', risk: 'high' }])
  })

  it('deny by risk, by tool name and by configured risk; allow overrides by name', async () => {
    const critical = effectTool('critical')
    const low = effectTool('low')
    const plain = effectTool('low')
    const { engine } = testEngine({
      tools: { critical: critical.tool, low: low.tool, plain: plain.tool },
      policy: { byTool: { low: 'deny' }, toolRisk: { plain: 'critical' } },
    })
    for (const name of ['critical', 'low', 'plain']) {
      const run = await engine.run({ id: `w-${name}`, steps: [{ ...refundStep, tool: name, arguments: { order: 'x', amount: 1 } }] })
      expect(run.status).toBe('failed')
      expect(run.error?.code).toBe('POLICY_DENIED')
      expect(denials(await storedEvents(engine, run.id))).toMatchObject([{ tool: name, reason: 'policy' }])
    }
    expect([critical.effects, low.effects, plain.effects]).toEqual([[], [], []])
    const allowed = effectTool('critical')
    const { engine: open } = testEngine({ tools: { refund: allowed.tool }, policy: { byTool: { refund: 'allow' } } })
    expect((await open.run(wf, { variables: { order: 'A' } })).status).toBe('completed')
    expect(allowed.effects).toHaveLength(1)
  })

  it('tools that change workflows or decide approvals are refused inside an execution, whatever the policy says', async () => {
    const mutate = effectTool('low', { mutatesWorkflows: true })
    const decide = effectTool('low', { decidesApprovals: true })
    const { engine } = testEngine({ tools: { mutate: mutate.tool, decide: decide.tool }, policy: { byTool: { mutate: 'allow', decide: 'allow' } } })
    for (const name of ['mutate', 'decide']) {
      const run = await engine.run({ id: `w-${name}`, steps: [{ ...refundStep, tool: name, arguments: { order: 'x', amount: 1 } }] })
      expect(run.error).toMatchObject({ code: 'POLICY_DENIED' })
      expect(denials(await storedEvents(engine, run.id))).toMatchObject([{ tool: name, reason: 'in_execution' }])
    }
    expect(mutate.effects).toEqual([])
    expect(decide.effects).toEqual([])
  })
})

describe('tool policy in agent_prompt steps', () => {
  const agentWf = { id: 'agent', steps: [{ id: 'helper', type: 'agent_prompt', prompt: 'Refund order A-9', tools: ['refund'], maxSteps: 4 }] }

  it('a gated call pauses the step with zero effects; once allowed it runs with the exact arguments and the model continues from its result', async () => {
    const refund = effectTool('high')
    const model = scriptedModel([{ text: 'Refunding.', toolCalls: [{ toolName: 'refund', input: { order: 'A-9', amount: 50 } }] }, 'Refunded 50.'])
    const { engine } = testEngine({ tools: { refund: refund.tool }, models: { default: model }, agent: aiSdkAgent({ maxRetries: 0 }) })
    const waiting = await engine.run(agentWf)
    expect(waiting.status).toBe('waiting')
    expect(waiting.waitingFor).toMatchObject({ kind: 'approval', stepId: 'helper', tool: { name: 'refund', arguments: { order: 'A-9', amount: 50 } } })
    expect(refund.effects).toEqual([])
    expect(model.calls).toHaveLength(1)

    await engine.executions.approve(waiting.id, { approved: true, by: 'ann' })
    const done = await engine.executions.settled(waiting.id)
    expect(done.status).toBe('completed')
    expect(done.outputs.helper).toBe('Refunded 50.')
    expect(refund.effects).toEqual([{ order: 'A-9', amount: 50 }])
    // The model's second call sees its own call and the tool's result.
    expect(model.calls[1].messages.map((m) => `${m.role}: ${m.text}`)).toEqual(['user: Refund order A-9', expect.stringContaining('"tool-call"'), expect.stringContaining('"refunded":50')])
  })

  it('a denied call answers the model with the refusal; the tool never runs', async () => {
    const refund = effectTool('high')
    const model = scriptedModel([{ toolCalls: [{ toolName: 'refund', input: { order: 'A-9', amount: 50 } }] }, 'Understood, no refund.'])
    const { engine } = testEngine({ tools: { refund: refund.tool }, models: { default: model }, agent: aiSdkAgent({ maxRetries: 0 }) })
    const waiting = await engine.run(agentWf)
    await engine.executions.approve(waiting.id, { approved: false, by: 'ann' })
    const done = await engine.executions.settled(waiting.id)
    expect(done.status).toBe('completed')
    expect(refund.effects).toEqual([])
    expect(JSON.stringify(model.calls[1].messages)).toContain('POLICY_DENIED')
    expect(denials(await storedEvents(engine, done.id))).toMatchObject([{ tool: 'refund', reason: 'reviewer' }])
  })

  it('a workflow-mutating tool called by the agent is refused with a message the model sees, and recorded', async () => {
    const mutate = effectTool('low', { mutatesWorkflows: true })
    const model = scriptedModel([{ toolCalls: [{ toolName: 'refund', input: { order: 'A-9', amount: 1 } }] }, 'I may not do that.'])
    const { engine } = testEngine({ tools: { refund: mutate.tool }, models: { default: model }, agent: aiSdkAgent({ maxRetries: 0 }) })
    const done = await engine.run(agentWf)
    expect(done.status).toBe('completed')
    expect(mutate.effects).toEqual([])
    expect(JSON.stringify(model.calls[1].messages)).toContain('inside a workflow execution')
    expect(denials(await storedEvents(engine, done.id))).toMatchObject([{ tool: 'refund', reason: 'in_execution', toolCallId: expect.any(String) }])
  })
})
