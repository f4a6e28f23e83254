import { tool } from 'ai'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { approvalWorkflow, callTool, codeOf, managedEngine, okResult, sampleWorkflow } from './management-helpers.js'

describe('execution tools', () => {
  it('list_executions, get_execution and get_execution_steps read runs; unknown ids are NOT_FOUND', async () => {
    const { engine, tools } = managedEngine()
    await engine.workflows.save(sampleWorkflow('a'))
    const done = await engine.run('a')
    const listed = okResult(await callTool(tools, 'list_executions', { workflowId: 'a', status: 'completed' }))
    expect(listed.executions).toEqual([expect.objectContaining({ id: done.id, status: 'completed', workflowId: 'a', trigger: 'manual' })])
    expect(okResult(await callTool(tools, 'list_executions', { status: 'failed' })).executions).toEqual([])
    const got = okResult(await callTool(tools, 'get_execution', { executionId: done.id }))
    expect(got.execution).toMatchObject({ id: done.id, status: 'completed', outputs: {} })
    const steps = okResult(await callTool(tools, 'get_execution_steps', { executionId: done.id }))
    expect(steps).toMatchObject({ total: 1, truncated: false, steps: [{ stepId: 'count', stepType: 'set', status: 'completed', attempt: 1 }] })
    for (const name of ['get_execution', 'get_execution_steps', 'debug_execution', 'cancel_execution'] as const) {
      expect(codeOf(await callTool(tools, name, { executionId: 'nope' }))).toBe('NOT_FOUND')
    }
  })

  it('large values are bounded so one output cannot flood the model', async () => {
    const big = tool({ inputSchema: z.object({}), execute: async () => 'x'.repeat(20_000) })
    const { engine, tools } = managedEngine({ tools: { big } })
    const done = await engine.run({ id: 'big', steps: [{ id: 's', type: 'tool', tool: 'big' }] })
    const steps = okResult(await callTool(tools, 'get_execution_steps', { executionId: done.id }))
    const [step] = steps.steps as { output: { truncated: boolean; chars: number; preview: string } }[]
    expect(step.output).toMatchObject({ truncated: true, chars: expect.any(Number) })
    expect(step.output.preview.length).toBe(4000)
    expect(JSON.stringify(steps).length).toBeLessThan(6000)
  })

  it('a waiting approval is shown without its token anywhere; approve_execution decides it as the actor', async () => {
    const { engine, tools } = managedEngine()
    await engine.workflows.save(approvalWorkflow())
    const waiting = await engine.run('gated')
    const token = waiting.waitingFor?.kind === 'approval' ? waiting.waitingFor.token : ''
    expect(token).toMatch(/^apr_/)
    for (const [name, input] of [['get_execution', { executionId: waiting.id }], ['get_execution_steps', { executionId: waiting.id }], ['debug_execution', { executionId: waiting.id }], ['list_executions', {}]] as const) {
      const result = okResult(await callTool(tools, name, input))
      expect(JSON.stringify(result)).not.toContain(token)
      expect(JSON.stringify(result)).not.toContain('apr_')
    }
    const got = okResult(await callTool(tools, 'get_execution', { executionId: waiting.id }))
    expect(got.execution).toMatchObject({ status: 'waiting', waitingFor: { kind: 'approval', stepId: 'gate', prompt: 'Ship it?' } })

    const decided = okResult(await callTool(tools, 'approve_execution', { executionId: waiting.id, approved: true, comment: 'go' }))
    expect(decided.decision).toMatchObject({ approved: true, by: 'user:ann', comment: 'go' })
    expect(await engine.executions.settled(waiting.id)).toMatchObject({ status: 'completed' })
    expect(codeOf(await callTool(tools, 'approve_execution', { executionId: waiting.id, approved: false }))).toMatch(/APPROVAL_ALREADY_DECIDED|APPROVAL_NOT_WAITING/)
    expect(codeOf(await callTool(tools, 'approve_execution', { executionId: 'nope', approved: true }))).toBe('NOT_FOUND')
  })

  it('cancel_execution cancels a waiting run with the reason; cancelling it again leaves it as it was', async () => {
    const { engine, tools } = managedEngine()
    await engine.workflows.save(approvalWorkflow())
    const waiting = await engine.run('gated')
    const cancelled = okResult(await callTool(tools, 'cancel_execution', { executionId: waiting.id, reason: 'not needed' }))
    expect(cancelled.execution).toMatchObject({ id: waiting.id, status: 'cancelled', error: { code: 'CANCELLED', reason: 'not needed' } })
    const again = okResult(await callTool(tools, 'cancel_execution', { executionId: waiting.id, reason: 'twice' }))
    expect(again.execution).toMatchObject({ status: 'cancelled', error: { reason: 'not needed' } })
  })

  describe('debug_execution', () => {
    it('waiting for approval: names the blocking step and says a person must decide', async () => {
      const { engine, tools } = managedEngine()
      await engine.workflows.save(approvalWorkflow())
      const waiting = await engine.run('gated')
      const debug = okResult(await callTool(tools, 'debug_execution', { executionId: waiting.id }))
      expect(debug).toMatchObject({
        statusCounts: { waiting: 1 },
        blockingStep: { stepId: 'gate', stepType: 'approval', status: 'waiting', reason: 'waiting for approval' },
        diagnosis: expect.stringContaining('Ship it?'),
        waitingSteps: [expect.objectContaining({ stepId: 'gate' })],
        failedSteps: [],
      })
      expect((debug.recommendedActions as string[]).join(' ')).toMatch(/person must approve/)
      expect(debug.summary).toMatch(/is waiting; 1 step instance \(1 waiting\)/)
    })

    it('failed: the failing step, its error and advice for the code', async () => {
      const explode = tool({ inputSchema: z.object({}), execute: async (): Promise<string> => { throw new Error('disk full') } })
      const { engine, tools } = managedEngine({ tools: { explode } })
      const failed = await engine.run({ id: 'f', steps: [{ id: 'ok', type: 'set', values: { a: 1 } }, { id: 'boom', type: 'tool', tool: 'explode' }] })
      expect(failed.status).toBe('failed')
      const debug = okResult(await callTool(tools, 'debug_execution', { executionId: failed.id }))
      expect(debug).toMatchObject({ statusCounts: { completed: 1, failed: 1 }, blockingStep: { stepId: 'boom', status: 'failed' }, failedSteps: [expect.objectContaining({ stepId: 'boom' })] })
      expect(debug.diagnosis).toContain('failed at step "boom": TOOL_FAILED')
      expect(debug.diagnosis).toContain('disk full')
      expect((debug.recommendedActions as string[]).length).toBeGreaterThanOrEqual(2)
    })

    it('completed, cancelled by denial, and waiting on a timer each get their own diagnosis', async () => {
      const { engine, tools } = managedEngine()
      const done = await engine.run(sampleWorkflow('a'))
      expect(okResult(await callTool(tools, 'debug_execution', { executionId: done.id })).diagnosis).toMatch(/^It completed at .* with outputs/)
      await engine.workflows.save(approvalWorkflow())
      const gated = await engine.run('gated')
      await engine.executions.approve(gated.id, { approved: false, by: 'user:bob' })
      await engine.executions.settled(gated.id)
      expect(okResult(await callTool(tools, 'debug_execution', { executionId: gated.id })).diagnosis).toMatch(/approval was denied/)
      const timer = await engine.run({ id: 't', steps: [{ id: 'nap', type: 'wait', durationMs: 60_000 }] })
      const debug = okResult(await callTool(tools, 'debug_execution', { executionId: timer.id }))
      expect(debug).toMatchObject({ blockingStep: { stepId: 'nap', reason: expect.stringMatching(/^timer until/) }, diagnosis: expect.stringMatching(/waits for a timer/) })
    })
  })
})
