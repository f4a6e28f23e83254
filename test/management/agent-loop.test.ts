import { stepCountIs, streamText, type ModelMessage } from 'ai'
import { describe, expect, it } from 'vitest'
import { scriptedModel } from '../../src/testing/index.js'
import { managedEngine, sampleWorkflow } from './management-helpers.js'

describe('an agent driving the management tools through a real streamText loop', () => {
  it('list_workflows → save_workflow → run_workflow, each result fed back to the model', async () => {
    const { engine, tools } = managedEngine()
    const model = scriptedModel([
      { toolCalls: [{ toolName: 'list_workflows', input: {} }] },
      { toolCalls: [{ toolName: 'save_workflow', input: { definition: sampleWorkflow('digest', 3), notes: 'asked in chat' } }] },
      { toolCalls: [{ toolName: 'run_workflow', input: { workflowId: 'digest' } }] },
      'Saved and started digest.',
    ])
    const result = streamText({ model, tools, stopWhen: stepCountIs(6), prompt: 'Create the digest workflow and run it.' })
    const parts: string[] = []
    for await (const part of result.fullStream) if (part.type === 'tool-result' || part.type === 'tool-error') parts.push(`${part.type} ${part.toolName}`)
    expect(parts).toEqual(['tool-result list_workflows', 'tool-result save_workflow', 'tool-result run_workflow'])
    expect(await result.text).toBe('Saved and started digest.')

    // The model saw each result: an empty list, then the saved version, then the execution id.
    const toolTexts = model.calls.slice(1).map((call) => call.messages.filter((m) => m.role === 'tool').map((m) => m.text).join('\n'))
    expect(toolTexts[0]).toContain('"workflows":[]')
    expect(toolTexts[1]).toMatch(/"id":"digest","version":1/)
    const executionId = /"executionId":"([^"]+)"/.exec(toolTexts[2])?.[1] ?? ''
    expect(await engine.executions.settled(executionId)).toMatchObject({ status: 'completed', workflowId: 'digest' })
    expect((await engine.workflows.history('digest'))[0]).toMatchObject({ author: 'user:ann', notes: 'asked in chat' })
  })

  it('errors reach the model as results and the loop goes on (no exception through streamText)', async () => {
    const { tools } = managedEngine()
    const model = scriptedModel([{ toolCalls: [{ toolName: 'get_workflow', input: { workflowId: 'missing' } }] }, 'It does not exist.'])
    const result = streamText({ model, tools, stopWhen: stepCountIs(3), prompt: 'Show missing.' })
    expect(await result.text).toBe('It does not exist.')
    expect(model.calls[1].messages.find((m) => m.role === 'tool')?.text).toMatch(/"ok":false.*"code":"NOT_FOUND"/)
  })

  it('a high-risk call waits for the user\'s approval (needsApproval) and runs only once approved', async () => {
    const { engine, tools } = managedEngine()
    await engine.workflows.save(sampleWorkflow('old'))
    const model = scriptedModel([{ toolCalls: [{ toolName: 'delete_workflow', input: { workflowId: 'old' } }] }, 'Deleted.'])
    const first = streamText({ model, tools, stopWhen: stepCountIs(3), prompt: 'Delete old.' })
    const requests: { approvalId: string; toolName: string }[] = []
    for await (const part of first.fullStream) if (part.type === 'tool-approval-request') requests.push({ approvalId: part.approvalId, toolName: part.toolCall.toolName })
    expect(requests).toEqual([{ approvalId: expect.any(String), toolName: 'delete_workflow' }])
    expect(await engine.workflows.list()).toHaveLength(1)

    const messages: ModelMessage[] = [
      { role: 'user', content: 'Delete old.' },
      ...(await first.response).messages,
      { role: 'tool', content: [{ type: 'tool-approval-response', approvalId: requests[0].approvalId, approved: true }] },
    ]
    const second = streamText({ model, tools, stopWhen: stepCountIs(3), messages })
    expect(await second.text).toBe('Deleted.')
    expect(await engine.workflows.list()).toEqual([])
  })
})
