import { describe, expect, it } from 'vitest'
import { createWorkflowTools, WORKFLOW_TOOL_NAMES, type Engine, type WorkflowToolName } from '../../src/index.js'
import { approvalWorkflow, callTool, managedEngine, sampleWorkflow } from './management-helpers.js'

/** Tenant `acme` with one of everything; returns its ids and secrets. */
async function seedAcme(root: Engine) {
  const acme = root.forTenant('acme', { actor: 'user:acme' })
  const first = await acme.workflows.save(sampleWorkflow('shared-id', 1))
  const head = await acme.workflows.save(sampleWorkflow('shared-id', 2))
  await acme.workflows.save(approvalWorkflow('acme-gated'))
  const waiting = await acme.run('acme-gated')
  const trigger = await acme.triggers.save({ name: 'acme-hook', type: 'webhook', workflowId: 'shared-id', config: { path: 'acme', secret: 'acme-secret-123' } })
  const proposal = await acme.proposals.create({ workflowId: 'shared-id', baseHash: head.hash, definition: sampleWorkflow('shared-id', 3) })
  const approved = await acme.proposals.create({ workflowId: 'shared-id', baseHash: head.hash, definition: sampleWorkflow('shared-id', 4) })
  await acme.proposals.review(approved.id, { approved: true })
  const token = waiting.waitingFor?.kind === 'approval' ? waiting.waitingFor.token : ''
  return { acme, ids: { firstHash: first.hash, headHash: head.hash, executionId: waiting.id, triggerId: trigger.id, proposalId: proposal.id, approvedId: approved.id, token } }
}

async function acmeState(acme: Engine, executionId: string): Promise<unknown> {
  return {
    workflows: (await acme.workflows.list()).map((w) => [w.id, w.hash, w.version]),
    versions: (await acme.workflows.history('shared-id')).length,
    triggers: await acme.triggers.list(),
    proposals: (await acme.proposals.list()).map((p) => [p.id, p.status]),
    execution: (await acme.executions.get(executionId)).status,
    executions: (await acme.executions.list()).length,
  }
}

describe('cross-tenant: management tools of one tenant never reach another', () => {
  it('every tool called with another tenant\'s ids answers NOT_FOUND (or an empty list) and leaks nothing', async () => {
    const { engine } = managedEngine()
    const { acme, ids } = await seedAcme(engine)
    const before = await acmeState(acme, ids.executionId)
    const tools = createWorkflowTools(engine, { tenantId: 'globex', actor: 'user:mallory', policy: { byRisk: { high: 'allow' } } })
    const inputs: Record<WorkflowToolName, Record<string, unknown>> = {
      list_workflows: {},
      get_workflow: { workflowId: 'shared-id' },
      list_workflow_history: { workflowId: 'shared-id' },
      save_workflow: { definition: sampleWorkflow('globex-own') },
      update_workflow: { workflowId: 'shared-id', changes: { name: 'x' } },
      run_workflow: { workflowId: 'acme-gated' },
      delete_workflow: { workflowId: 'shared-id' },
      rollback_workflow: { workflowId: 'shared-id', hash: ids.firstHash },
      create_workflow_proposal: { workflowId: 'shared-id', baseHash: ids.headHash, definition: sampleWorkflow('shared-id', 9) },
      list_workflow_proposals: { workflowId: 'shared-id' },
      review_workflow_proposal: { proposalId: ids.proposalId, approved: true },
      apply_workflow_proposal: { proposalId: ids.approvedId },
      list_executions: {},
      get_execution: { executionId: ids.executionId },
      get_execution_steps: { executionId: ids.executionId },
      debug_execution: { executionId: ids.executionId },
      approve_execution: { executionId: ids.executionId, approved: true },
      cancel_execution: { executionId: ids.executionId },
      list_triggers: {},
      save_trigger: { id: ids.triggerId, name: 'acme-hook', type: 'webhook', workflowId: 'shared-id', config: { path: 'acme', secret: '[redacted]' } },
      run_trigger: { triggerId: ids.triggerId },
      delete_trigger: { triggerId: ids.triggerId },
    }
    const secrets = [ids.firstHash, ids.headHash, ids.executionId, ids.triggerId, ids.token, 'acme-secret-123', 'user:acme']
    const leaks: string[] = []
    for (const name of WORKFLOW_TOOL_NAMES) {
      const result = await callTool(tools, name, inputs[name])
      const text = JSON.stringify(result)
      for (const secret of secrets) if (text.includes(secret) && !JSON.stringify(inputs[name]).includes(secret)) leaks.push(`${name}: ${secret}`)
      if (name.startsWith('list_') && name !== 'list_workflow_history') {
        expect(result.ok, name).toBe(true)
        const lists = Object.values(result).filter(Array.isArray)
        expect(lists.flat(), name).toEqual([])
      } else if (name === 'save_workflow') {
        expect(result).toMatchObject({ ok: true, id: 'globex-own', version: 1 })
      } else {
        expect(result.ok ? 'ok' : result.error.code, name).toBe('NOT_FOUND')
      }
    }
    expect(leaks).toEqual([])
    expect(await acmeState(acme, ids.executionId)).toEqual(before)
    expect((await engine.forTenant('globex').workflows.list()).map((w) => w.id)).toEqual(['globex-own'])
  })

  it('an execution of another tenant cannot use the tools (engine tools are shared by every tenant)', async () => {
    const { engine, tools } = managedEngine()
    await engine.workflows.save(sampleWorkflow('mine'))
    const globex = engine.forTenant('globex')
    await globex.workflows.save(approvalWorkflow('globex-gated'))
    const foreign = await globex.run('globex-gated')
    const context = { tenantId: 'globex', executionId: foreign.id, stepId: 'agent', iterationPath: '', attempt: 1, idempotencyKey: 'k' }
    for (const name of ['list_workflows', 'list_executions', 'get_workflow'] as const) {
      const result = await callTool(tools, name, { workflowId: 'mine' }, context)
      expect(result, name).toMatchObject({ ok: false, error: { code: 'POLICY_DENIED', message: expect.stringMatching(/belongs to another tenant/) } })
      expect(JSON.stringify(result)).not.toContain('mine')
    }
  })
})
