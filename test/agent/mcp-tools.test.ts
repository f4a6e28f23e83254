import { createMCPClient } from '@ai-sdk/mcp'
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js'
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { mcpTools } from '../../src/index.js'
import { scriptedModel } from '../../src/testing/index.js'
import { agentEngine, agentTrace, eventsOf } from './agent-helpers.js'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

/** A real MCP server object, connected in-process to the AI SDK's MCP client. */
async function connectedDocsServer() {
  const server = new McpServer({ name: 'docs', version: '1.0.0' })
  const searches: string[] = []
  server.registerTool('search', { description: 'Search the docs', inputSchema: { query: z.string() } }, async ({ query }) => {
    searches.push(query)
    return { content: [{ type: 'text', text: `3 pages mention ${query}` }] }
  })
  server.registerTool('delete_page', { description: 'Delete a page', inputSchema: { id: z.string() } }, async () => ({ content: [{ type: 'text', text: 'deleted' }] }))
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair()
  await server.connect(serverTransport)
  const client = await createMCPClient({ transport: clientTransport })
  cleanups.push(async () => {
    await client.close()
    await server.close()
  })
  return { client, searches }
}

describe('MCP tools', () => {
  it('gives an engine the tools of an MCP server (prefixed, filtered) for agent and tool steps', async () => {
    const { client, searches } = await connectedDocsServer()
    const tools = await mcpTools(client, { prefix: 'docs_', exclude: ['delete_page'] })
    expect(Object.keys(tools)).toEqual(['docs_search'])
    const model = scriptedModel([{ toolCalls: [{ toolName: 'docs_search', input: { query: 'threads' } }] }, 'Threads are documented.'])
    const { engine } = agentEngine({ models: { default: model }, tools })
    const done = await engine.run({
      id: 'w',
      steps: [
        { id: 'direct', type: 'tool', tool: 'docs_search', arguments: { query: 'approvals' } },
        { id: 'agent', type: 'agent_prompt', prompt: 'What about threads?', tools: ['docs_search'] },
      ],
    })
    expect(done.status).toBe('completed')
    expect(searches).toEqual(['approvals', 'threads'])
    expect(done.outputs.direct).toMatchObject({ content: [{ type: 'text', text: '3 pages mention approvals' }] })
    expect(done.outputs.agent).toBe('Threads are documented.')
    expect(agentTrace(await eventsOf(engine, done.id))).toEqual(['start default', 'call docs_search', 'result docs_search', 'finish completed'])
    await expect(engine.workflows.save({ id: 'x', steps: [{ id: 'a', type: 'tool', tool: 'docs_delete_page' }] })).rejects.toMatchObject({ code: 'WORKFLOW_INVALID' })
  })
})
