import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js'
import { afterEach, describe, expect, it } from 'vitest'
import { createWorkflowMcpServer, WORKFLOW_TOOL_NAMES, type Engine, type WorkflowMcpServerOptions } from '../../src/index.js'
import { managedEngine, sampleWorkflow } from './management-helpers.js'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

/** A real MCP client connected in-process to the workflow MCP server. */
async function connect(engine: Engine, options: Partial<WorkflowMcpServerOptions> = {}): Promise<Client> {
  const server = await createWorkflowMcpServer(engine, { actor: 'user:ops', ...options })
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair()
  await server.connect(serverTransport)
  const client = new Client({ name: 'test-client', version: '1.0.0' })
  await client.connect(clientTransport)
  cleanups.push(async () => {
    await client.close()
    await server.close()
  })
  return client
}

type CallResult = { content: { type: string; text: string }[]; structuredContent?: Record<string, unknown>; isError?: boolean }

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<CallResult> {
  return (await client.callTool({ name, arguments: args })) as CallResult
}

describe('workflow MCP server', () => {
  it('lists the 22 tools with JSON Schemas and hints; calls round-trip with JSON results', async () => {
    const { engine } = managedEngine()
    const client = await connect(engine)
    const { tools } = await client.listTools()
    expect(tools.map((t) => t.name)).toEqual([...WORKFLOW_TOOL_NAMES])
    const save = tools.find((t) => t.name === 'save_workflow')
    expect(save?.inputSchema).toMatchObject({ type: 'object', properties: { definition: expect.any(Object), notes: expect.any(Object) }, required: ['definition'] })
    expect(tools.find((t) => t.name === 'list_workflows')?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false })
    expect(tools.find((t) => t.name === 'delete_workflow')?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true })

    const saved = await call(client, 'save_workflow', { definition: sampleWorkflow('mcp'), notes: 'via MCP' })
    expect(saved.isError).toBe(false)
    expect(saved.structuredContent).toMatchObject({ ok: true, id: 'mcp', version: 1 })
    expect(JSON.parse(saved.content[0].text)).toEqual(saved.structuredContent)
    expect((await engine.workflows.history('mcp'))[0]).toMatchObject({ author: 'user:ops', notes: 'via MCP' })

    const run = await call(client, 'run_workflow', { workflowId: 'mcp' })
    const executionId = run.structuredContent?.executionId as string
    await engine.executions.settled(executionId)
    expect((await call(client, 'debug_execution', { executionId })).structuredContent).toMatchObject({ ok: true, execution: { status: 'completed' } })
    const listed = await call(client, 'list_workflows', {})
    expect(listed.structuredContent?.workflows).toEqual([expect.objectContaining({ id: 'mcp' })])
  })

  it('errors come back as isError results with the stepwise code; invalid input is refused', async () => {
    const { engine } = managedEngine()
    const client = await connect(engine)
    const missing = await call(client, 'get_workflow', { workflowId: 'nope' })
    expect(missing).toMatchObject({ isError: true, structuredContent: { ok: false, error: { code: 'NOT_FOUND' } } })
    const invalid = await call(client, 'get_workflow', {})
    expect(invalid.isError).toBe(true)
    expect(invalid.content[0].text).toMatch(/workflowId/)
  })

  it('calls the policy holds for approval go to the approver; without one they are refused', async () => {
    const { engine } = managedEngine()
    await engine.workflows.save(sampleWorkflow('a'))
    await engine.workflows.save(sampleWorkflow('b'))
    const refused = await call(await connect(engine), 'delete_workflow', { workflowId: 'a' })
    expect(refused).toMatchObject({ isError: true, structuredContent: { error: { code: 'POLICY_DENIED', message: expect.stringMatching(/no approver/) } } })

    const asked: unknown[] = []
    const client = await connect(engine, { approve: (request) => { asked.push(request); return request.input.workflowId === 'a' } })
    expect((await call(client, 'delete_workflow', { workflowId: 'b' })).structuredContent).toMatchObject({ error: { code: 'POLICY_DENIED', message: expect.stringMatching(/approver refused/) } })
    expect((await call(client, 'delete_workflow', { workflowId: 'a' })).structuredContent).toMatchObject({ ok: true, deleted: true })
    expect(asked).toEqual([
      { tool: 'delete_workflow', input: { workflowId: 'b' }, risk: 'high', actor: 'user:ops' },
      { tool: 'delete_workflow', input: { workflowId: 'a' }, risk: 'high', actor: 'user:ops' },
    ])
    expect((await engine.workflows.list()).map((w) => w.id)).toEqual(['b'])

    const denying = await connect(engine, { policy: { byTool: { list_workflows: 'deny' } } })
    expect((await call(denying, 'list_workflows', {})).structuredContent).toMatchObject({ error: { code: 'POLICY_DENIED' } })
  })
})
