import { describe, expect, it } from 'vitest'
import { aiSdkAgent, getToolMeta, WORKFLOW_TOOL_NAMES, type ToolCallContext, type WorkflowToolName } from '../../src/index.js'
import { scriptedModel } from '../../src/testing/index.js'
import { approvalWorkflow, callTool, codeOf, managedEngine, okResult, sampleWorkflow } from './management-helpers.js'

const MUTATING: readonly WorkflowToolName[] = ['save_workflow', 'update_workflow', 'delete_workflow', 'rollback_workflow', 'review_workflow_proposal', 'apply_workflow_proposal', 'save_trigger', 'delete_trigger']

type NeedsApproval = boolean | ((input: unknown, options: { toolCallId: string; messages: []; experimental_context?: unknown }) => boolean | PromiseLike<boolean>)

async function needsApproval(value: NeedsApproval | undefined, context?: unknown): Promise<boolean> {
  if (typeof value !== 'function') return value === true
  return value({}, { toolCallId: 'c', messages: [], experimental_context: context })
}

function contextOf(executionId: string): ToolCallContext {
  return { tenantId: 'default', executionId, stepId: 'agent', iterationPath: '', attempt: 1, idempotencyKey: 'k' }
}

describe('management tool policy', () => {
  it('offers valet\'s 22 actions, each with a description, an input schema and risk metadata', () => {
    const { tools } = managedEngine()
    expect(WORKFLOW_TOOL_NAMES).toHaveLength(22)
    expect(Object.keys(tools)).toEqual([...WORKFLOW_TOOL_NAMES])
    const risks = Object.fromEntries(WORKFLOW_TOOL_NAMES.map((name) => [name, getToolMeta(tools[name])?.risk]))
    expect(risks).toEqual({
      list_workflows: 'low', get_workflow: 'low', list_workflow_history: 'low', save_workflow: 'medium', update_workflow: 'medium', run_workflow: 'medium',
      delete_workflow: 'high', rollback_workflow: 'high', create_workflow_proposal: 'medium', list_workflow_proposals: 'low', review_workflow_proposal: 'high',
      apply_workflow_proposal: 'high', list_executions: 'low', get_execution: 'low', get_execution_steps: 'low', debug_execution: 'low', approve_execution: 'high',
      cancel_execution: 'high', list_triggers: 'low', save_trigger: 'medium', run_trigger: 'medium', delete_trigger: 'high',
    })
    expect(WORKFLOW_TOOL_NAMES.filter((name) => getToolMeta(tools[name])?.mutatesWorkflows === true)).toEqual([...MUTATING].sort((a, b) => WORKFLOW_TOOL_NAMES.indexOf(a) - WORKFLOW_TOOL_NAMES.indexOf(b)))
    expect(WORKFLOW_TOOL_NAMES.filter((name) => getToolMeta(tools[name])?.decidesApprovals === true)).toEqual(['approve_execution'])
    for (const name of WORKFLOW_TOOL_NAMES) {
      expect(tools[name].description?.length ?? 0).toBeGreaterThan(30)
      expect(tools[name].inputSchema).toBeDefined()
    }
  })

  it('default policy: high-risk tools need the user\'s approval outside executions (AI SDK needsApproval), never inside', async () => {
    const { tools } = managedEngine()
    const approving = []
    for (const name of WORKFLOW_TOOL_NAMES) if (await needsApproval(tools[name].needsApproval as NeedsApproval)) approving.push(name)
    expect(approving).toEqual(['delete_workflow', 'rollback_workflow', 'review_workflow_proposal', 'apply_workflow_proposal', 'approve_execution', 'cancel_execution', 'delete_trigger'])
    expect(await needsApproval(tools.delete_workflow.needsApproval as NeedsApproval, contextOf('e1'))).toBe(false)
  })

  it('a policy can allow, require approval for, or deny a tool; deny refuses without effect', async () => {
    const { engine, tools } = managedEngine({}, { policy: { byRisk: { medium: 'approve' }, byTool: { save_workflow: 'deny', delete_workflow: 'allow' } } })
    expect(await needsApproval(tools.run_workflow.needsApproval as NeedsApproval)).toBe(true)
    expect(await needsApproval(tools.delete_workflow.needsApproval as NeedsApproval)).toBe(false)
    const denied = await callTool(tools, 'save_workflow', { definition: sampleWorkflow() })
    expect(denied).toMatchObject({ ok: false, error: { code: 'POLICY_DENIED', message: expect.stringContaining('does not allow save_workflow') } })
    expect(await engine.workflows.list()).toEqual([])
  })

  it('inside an execution, the mutating tools and approve_execution refuse without effect (defence in depth)', async () => {
    const { engine, tools } = managedEngine()
    const base = await engine.workflows.save(sampleWorkflow('a'))
    await engine.workflows.save(approvalWorkflow())
    const waiting = await engine.run('gated')
    const trigger = await engine.triggers.save({ name: 'T', type: 'manual', workflowId: 'a' })
    const proposal = await engine.proposals.create({ workflowId: 'a', baseHash: base.hash, definition: sampleWorkflow('a', 2) })
    const inside = contextOf(waiting.id)
    const attempts: [WorkflowToolName, Record<string, unknown>][] = [
      ['save_workflow', { definition: sampleWorkflow('a', 9) }],
      ['update_workflow', { workflowId: 'a', changes: { name: 'pwned' } }],
      ['delete_workflow', { workflowId: 'a' }],
      ['rollback_workflow', { workflowId: 'a', hash: base.hash }],
      ['review_workflow_proposal', { proposalId: proposal.id, approved: true }],
      ['apply_workflow_proposal', { proposalId: proposal.id }],
      ['save_trigger', { name: 'T', type: 'manual', workflowId: 'gated' }],
      ['delete_trigger', { triggerId: trigger.id }],
      ['approve_execution', { executionId: waiting.id, approved: true }],
    ]
    for (const [name, input] of attempts) {
      const result = await callTool(tools, name, input, inside)
      expect(result, name).toMatchObject({ ok: false, error: { code: 'POLICY_DENIED', message: expect.stringMatching(/inside a workflow execution/) } })
    }
    expect((await engine.workflows.get('a')).hash).toBe(base.hash)
    expect(await engine.triggers.list()).toEqual([trigger])
    expect((await engine.proposals.get(proposal.id)).status).toBe('pending')
    expect((await engine.executions.get(waiting.id)).status).toBe('waiting')
  })

  it('inside an execution, reads and proposals work; an agent cannot cancel or restart its own execution', async () => {
    const { engine, tools } = managedEngine()
    const base = await engine.workflows.save(sampleWorkflow('a'))
    await engine.workflows.save(approvalWorkflow())
    const waiting = await engine.run('gated')
    const inside = contextOf(waiting.id)
    expect(okResult(await callTool(tools, 'list_workflows', {}, inside)).workflows).toHaveLength(2)
    const proposed = okResult(await callTool(tools, 'create_workflow_proposal', { workflowId: 'a', baseHash: base.hash, definition: sampleWorkflow('a', 2) }, inside))
    expect(proposed.proposal).toMatchObject({ status: 'pending', executionId: waiting.id, author: 'user:ann' })
    expect(codeOf(await callTool(tools, 'cancel_execution', { executionId: waiting.id }, inside))).toBe('INVALID_ARGUMENT')
    expect(codeOf(await callTool(tools, 'run_workflow', { workflowId: 'gated' }, inside))).toBe('POLICY_DENIED')
    expect(okResult(await callTool(tools, 'run_workflow', { workflowId: 'a' }, inside))).toMatchObject({ executionId: expect.any(String) })
    expect((await engine.executions.get(waiting.id)).status).toBe('waiting')
  })

  it('inside an execution a high-risk call is held by the engine for a person (no AI SDK approval request that would fail the step)', async () => {
    const model = scriptedModel([{ toolCalls: [{ toolName: 'cancel_execution', input: { executionId: 'placeholder' } }] }, 'Cancelled it.'], { whenDone: 'repeat' })
    const { engine } = managedEngine({ models: { default: model }, agent: aiSdkAgent({ maxRetries: 0 }) })
    await engine.workflows.save(approvalWorkflow())
    const other = await engine.run('gated')
    model.calls.length = 0
    const janitor = await engine.run({ id: 'janitor', steps: [{ id: 'agent', type: 'agent_prompt', prompt: `Cancel ${other.id}`, tools: ['cancel_execution'] }] })
    expect(janitor).toMatchObject({ status: 'waiting', waitingFor: { kind: 'approval', stepId: 'agent', tool: { name: 'cancel_execution', risk: 'high' } } })
    expect((await engine.executions.get(other.id)).status).toBe('waiting')
  })
})
