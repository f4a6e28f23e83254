import { describe, expect, it } from 'vitest'
import { callTool, codeOf, managedEngine, okResult, sampleWorkflow } from './management-helpers.js'

describe('workflow tools', () => {
  it('save_workflow validates, records the actor, and answers issues with JSON paths when invalid', async () => {
    const { engine, tools } = managedEngine()
    const saved = okResult(await callTool(tools, 'save_workflow', { definition: sampleWorkflow(), notes: 'first' }))
    expect(saved).toMatchObject({ ok: true, id: 'report', version: 1, changed: true, hash: expect.any(String) })
    expect((await engine.workflows.history('report'))[0]).toMatchObject({ author: 'user:ann', notes: 'first', source: 'save' })

    const asText = okResult(await callTool(tools, 'save_workflow', { definition: JSON.stringify(sampleWorkflow('report', 2)) }))
    expect(asText).toMatchObject({ version: 2, changed: true })

    const invalid = await callTool(tools, 'save_workflow', { definition: { id: 'bad', steps: [{ id: 'a', type: 'agent' }] } })
    expect(invalid).toMatchObject({ ok: false, error: { code: 'WORKFLOW_INVALID', details: { issues: [expect.objectContaining({ path: expect.stringMatching(/^\/steps\/0/) })] } } })
    expect(codeOf(await callTool(tools, 'save_workflow', { definition: '{not json' }))).toBe('INVALID_ARGUMENT')
    expect(codeOf(await callTool(tools, 'save_workflow', {}))).toBe('INVALID_ARGUMENT')
    expect(await engine.workflows.list()).toHaveLength(1)
  })

  it('list_workflows and get_workflow read; an unknown id is NOT_FOUND', async () => {
    const { engine, tools } = managedEngine()
    await engine.workflows.save(sampleWorkflow('a'))
    await engine.workflows.save(sampleWorkflow('b'))
    const listed = okResult(await callTool(tools, 'list_workflows', {}))
    expect((listed.workflows as { id: string }[]).map((w) => w.id).sort()).toEqual(['a', 'b'])
    const got = okResult(await callTool(tools, 'get_workflow', { workflowId: 'a' }))
    expect(got.workflow).toMatchObject({ id: 'a', version: 1, definition: { steps: [{ id: 'count' }] } })
    expect(codeOf(await callTool(tools, 'get_workflow', { workflowId: 'nope' }))).toBe('NOT_FOUND')
  })

  it('list_workflow_history lists versions newest first with the current hash, without writing anything', async () => {
    const { engine, tools } = managedEngine()
    await engine.workflows.save(sampleWorkflow('a', 1))
    const second = await engine.workflows.save(sampleWorkflow('a', 2))
    const history = okResult(await callTool(tools, 'list_workflow_history', { workflowId: 'a', limit: 1 }))
    expect(history).toMatchObject({ currentHash: second.hash, currentVersion: 2, versions: [{ version: 2 }] })
    expect(await engine.workflows.history('a')).toHaveLength(2)
    expect(codeOf(await callTool(tools, 'list_workflow_history', { workflowId: 'nope' }))).toBe('NOT_FOUND')
  })

  it('update_workflow changes top-level fields and validates the result', async () => {
    const { engine, tools } = managedEngine()
    await engine.workflows.save(sampleWorkflow('a'))
    const updated = okResult(await callTool(tools, 'update_workflow', { workflowId: 'a', changes: { name: 'Renamed' }, notes: 'rename' }))
    expect(updated).toMatchObject({ version: 2, changed: true })
    expect((await engine.workflows.get('a')).name).toBe('Renamed')
    expect((await engine.workflows.history('a'))[0]).toMatchObject({ source: 'update', author: 'user:ann' })
    expect(codeOf(await callTool(tools, 'update_workflow', { workflowId: 'a', changes: { steps: [{ id: 'x', type: 'nope' }] } }))).toBe('WORKFLOW_INVALID')
    expect(codeOf(await callTool(tools, 'update_workflow', { workflowId: 'nope', changes: { name: 'x' } }))).toBe('NOT_FOUND')
  })

  it('run_workflow starts at once with variables and an idempotency key; unknown workflow or bad variables fail as results', async () => {
    const { engine, tools } = managedEngine()
    await engine.workflows.save({ id: 'greet', variables: { who: { type: 'string', required: true } }, steps: [{ id: 's', type: 'set', values: { hello: '{{ variables.who }}' } }] })
    const run = okResult(await callTool(tools, 'run_workflow', { workflowId: 'greet', variables: { who: 'Ana' }, idempotencyKey: 'k1' }))
    expect(run).toMatchObject({ executionId: expect.any(String), workflowVersion: 1 })
    const done = await engine.executions.settled(run.executionId as string)
    expect(done).toMatchObject({ status: 'completed', variables: { who: 'Ana' }, trigger: { type: 'manual', by: 'user:ann' } })
    const again = okResult(await callTool(tools, 'run_workflow', { workflowId: 'greet', variables: { who: 'Ana' }, idempotencyKey: 'k1' }))
    expect(again.executionId).toBe(run.executionId)
    expect(codeOf(await callTool(tools, 'run_workflow', { workflowId: 'greet', variables: {} }))).toBe('VARIABLES_INVALID')
    expect(codeOf(await callTool(tools, 'run_workflow', { workflowId: 'nope' }))).toBe('NOT_FOUND')
  })

  it('delete_workflow deletes the workflow and its triggers; a second delete is NOT_FOUND', async () => {
    const { engine, tools } = managedEngine()
    await engine.workflows.save(sampleWorkflow('a'))
    const trigger = await engine.triggers.save({ name: 'a-manual', type: 'manual', workflowId: 'a' })
    const other = await engine.triggers.save({ name: 'other', type: 'manual', workflowId: 'b' })
    const deleted = okResult(await callTool(tools, 'delete_workflow', { workflowId: 'a' }))
    expect(deleted).toMatchObject({ deleted: true, deletedTriggers: [trigger.id] })
    expect(await engine.workflows.list()).toEqual([])
    expect((await engine.triggers.list()).map((t) => t.id)).toEqual([other.id])
    expect(codeOf(await callTool(tools, 'delete_workflow', { workflowId: 'a' }))).toBe('NOT_FOUND')
  })

  it('rollback_workflow restores a version by hash; already there is reported; an unknown hash is NOT_FOUND', async () => {
    const { engine, tools } = managedEngine()
    const first = await engine.workflows.save(sampleWorkflow('a', 1))
    await engine.workflows.save(sampleWorkflow('a', 2))
    const rolled = okResult(await callTool(tools, 'rollback_workflow', { workflowId: 'a', hash: first.hash, notes: 'bad change' }))
    expect(rolled).toMatchObject({ hash: first.hash, version: 3, changed: true, alreadyAtVersion: false })
    expect((await engine.workflows.history('a'))[0]).toMatchObject({ source: 'rollback', author: 'user:ann', notes: 'bad change' })
    expect(okResult(await callTool(tools, 'rollback_workflow', { workflowId: 'a', hash: first.hash }))).toMatchObject({ alreadyAtVersion: true })
    expect(codeOf(await callTool(tools, 'rollback_workflow', { workflowId: 'a', hash: 'nope' }))).toBe('NOT_FOUND')
  })
})
