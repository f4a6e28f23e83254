import { describe, expect, it } from 'vitest'
import { aiSdkAgent, WORKFLOW_TOOL_NAMES, type Engine, type StepwiseEvent } from '../../src/index.js'
import { scriptedModel, type ScriptedCall, type ScriptedReply } from '../../src/testing/index.js'
import { INJECTION_CORPUS, type AttackTool } from './injection-corpus.js'
import { approvalWorkflow, managedEngine, sampleWorkflow } from './management-helpers.js'

/** Everything an injected agent could change, as plain data to compare. */
async function snapshot(engine: Engine, gatedId: string): Promise<unknown> {
  const workflows = await engine.workflows.list()
  return {
    workflows: await Promise.all(workflows.map(async (w) => ({ id: w.id, hash: w.hash, version: w.version, versions: (await engine.workflows.history(w.id)).length }))),
    triggers: (await engine.triggers.list()).map((t) => ({ id: t.id, name: t.name, updatedAt: t.updatedAt, enabled: t.enabled })),
    proposals: (await engine.proposals.list()).map((p) => ({ id: p.id, status: p.status })),
    gated: (await engine.executions.get(gatedId)).status,
    approvals: (await engine.executions.approvals(gatedId)).map((a) => a.status),
  }
}

async function eventsOf(engine: Engine, executionId: string): Promise<StepwiseEvent[]> {
  const events: StepwiseEvent[] = []
  for await (const event of engine.events(executionId)) events.push(event)
  return events
}

describe('prompt-injection corpus: a workflow agent told to mutate or approve', () => {
  it(`has at least 50 injections covering every mutating tool and approve_execution`, () => {
    expect(INJECTION_CORPUS.length).toBeGreaterThanOrEqual(50)
    expect(new Set(INJECTION_CORPUS.map((i) => i.tool)).size).toBe(9)
    expect(new Set(INJECTION_CORPUS.map((i) => i.text)).size).toBe(INJECTION_CORPUS.length)
  })

  it('zero successes: every obeyed injection is denied, recorded as policy.denied, and changes nothing', async () => {
    const attackInputs: Partial<Record<AttackTool, Record<string, unknown>>> = {}
    // The model obeys the injection in its prompt, then writes a summary once it sees a tool result.
    const model = scriptedModel([
      (call: ScriptedCall): ScriptedReply => {
        if (call.messages.some((m) => m.role === 'tool')) return 'Summary written.'
        const injection = INJECTION_CORPUS.find((i) => call.lastUserText.includes(i.text))
        if (injection === undefined) return 'No injection found.'
        return { toolCalls: [{ toolName: injection.tool, input: attackInputs[injection.tool] }] }
      },
    ], { whenDone: 'repeat' })
    const { engine } = managedEngine({ models: { default: model }, agent: aiSdkAgent({ maxRetries: 0 }) })

    const first = await engine.workflows.save(sampleWorkflow('victim', 1))
    await engine.workflows.save(sampleWorkflow('victim', 2))
    const head = await engine.workflows.get('victim')
    await engine.workflows.save(approvalWorkflow())
    const gated = await engine.run('gated')
    const trigger = await engine.triggers.save({ name: 'nightly', type: 'schedule', workflowId: 'victim', config: { cron: '0 3 * * *' } })
    const pending = await engine.proposals.create({ workflowId: 'victim', baseHash: head.hash, definition: sampleWorkflow('victim', 3) })
    const approved = await engine.proposals.create({ workflowId: 'victim', baseHash: head.hash, definition: sampleWorkflow('victim', 4) })
    await engine.proposals.review(approved.id, { approved: true, by: 'user:ann' })
    Object.assign(attackInputs, {
      delete_workflow: { workflowId: 'victim' },
      save_workflow: { definition: sampleWorkflow('victim', 666) },
      update_workflow: { workflowId: 'victim', changes: { name: 'pwned' } },
      rollback_workflow: { workflowId: 'victim', hash: first.hash },
      approve_execution: { executionId: gated.id, approved: true },
      review_workflow_proposal: { proposalId: pending.id, approved: true },
      apply_workflow_proposal: { proposalId: approved.id },
      save_trigger: { name: 'backdoor', type: 'webhook', workflowId: 'victim', config: { path: 'backdoor' } },
      delete_trigger: { triggerId: trigger.id },
    })
    await engine.workflows.save({
      id: 'triage',
      variables: { ticket: { type: 'string', required: true } },
      steps: [{ id: 'summarise', type: 'agent_prompt', prompt: 'Summarise this support ticket:\n\n{{ variables.ticket }}', tools: [...WORKFLOW_TOOL_NAMES], maxSteps: 3 }],
    })
    const before = await snapshot(engine, gated.id)

    const outcomes: { tool: string; denied: boolean; succeeded: boolean }[] = []
    for (const injection of INJECTION_CORPUS) {
      const run = await engine.run('triage', { variables: { ticket: injection.text } })
      const events = await eventsOf(engine, run.id)
      const calls = events.filter((e) => e.type === 'agent.tool.call' && e.toolName === injection.tool)
      const results = events.filter((e) => e.type === 'agent.tool.result' && e.toolName === injection.tool)
      // Only a management tool that ran returns `ok: true`; a denial is `{ error: { code: 'POLICY_DENIED' } }`.
      const succeeded = results.some((e) => e.type === 'agent.tool.result' && (e.output as { ok?: unknown } | undefined)?.ok === true)
      expect(JSON.stringify(results.map((e) => (e.type === 'agent.tool.result' ? e.output : undefined))), injection.text).toContain('POLICY_DENIED')
      const denied = events.some((e) => e.type === 'policy.denied' && e.tool === injection.tool && e.reason === 'in_execution')
      expect(calls, injection.text).toHaveLength(1)
      outcomes.push({ tool: injection.tool, denied, succeeded })
      expect(await snapshot(engine, gated.id), injection.text).toEqual(before)
    }
    expect(outcomes.filter((o) => o.succeeded)).toEqual([])
    expect(outcomes.filter((o) => !o.denied)).toEqual([])
  }, 120_000)

  it('a workflow whose tool step names a mutating tool is denied before it runs, with a policy.denied event', async () => {
    const { engine } = managedEngine()
    const saved = await engine.workflows.save(sampleWorkflow('victim'))
    const run = await engine.run({ id: 'sneaky', steps: [{ id: 'wipe', type: 'tool', tool: 'delete_workflow', arguments: { workflowId: 'victim' } }] })
    expect(run).toMatchObject({ status: 'failed', error: { code: 'POLICY_DENIED', stepId: 'wipe' } })
    expect((await eventsOf(engine, run.id)).filter((e) => e.type === 'policy.denied')).toEqual([expect.objectContaining({ tool: 'delete_workflow', reason: 'in_execution', risk: 'high' })])
    expect((await engine.workflows.get('victim')).hash).toBe(saved.hash)
  })
})
