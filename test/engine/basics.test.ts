import { describe, expect, it } from 'vitest'
import { StepwiseError } from '../../src/index.js'
import { collectEvents, recordingTool, testEngine } from '../helpers.js'

describe('engine basics', () => {
  it('runs tool steps in order, publishes outputs under id or outputVariable, and passes template values', async () => {
    const add = recordingTool((input) => (input.a as number) + (input.b as number))
    const { engine } = testEngine({ tools: { add: add.tool } })
    const execution = await engine.run({
      id: 'sum',
      variables: { x: { type: 'number', required: true } },
      steps: [
        { id: 'first', type: 'tool', tool: 'add', arguments: { a: '{{variables.x}}', b: 2 } },
        { id: 'second', type: 'tool', tool: 'add', arguments: { a: '{{outputs.first}}', b: 10 }, outputVariable: 'total' },
      ],
    }, { variables: { x: 5 } })
    expect(execution.status).toBe('completed')
    expect(execution.outputs).toEqual({ first: 7, total: 17 })
    expect(add.calls.map((c) => c.input)).toEqual([{ a: 5, b: 2 }, { a: 7, b: 10 }])
  })

  it('passes abort signal and the stable idempotency key to tools', async () => {
    const t = recordingTool(() => 'ok')
    const { engine } = testEngine({ tools: { t: t.tool } })
    const execution = await engine.run({ id: 'ctx', steps: [{ id: 's1', type: 'tool', tool: 't' }] })
    expect(t.calls[0].signal).toBeInstanceOf(AbortSignal)
    expect(t.calls[0].context).toEqual({ tenantId: 'default', executionId: execution.id, stepId: 's1', iterationPath: '', attempt: 1, idempotencyKey: `${execution.id}:s1:` })
  })

  it('numbers events from 1 without gaps and ends with execution.completed', async () => {
    const t = recordingTool(() => 1)
    const { engine } = testEngine({ tools: { t: t.tool } })
    const execution = await engine.run({ id: 'ev', steps: [{ id: 'a', type: 'tool', tool: 't', arguments: { x: '{{1 + 1}}' } }, { id: 'b', type: 'tool', tool: 't' }] })
    const events = await collectEvents(engine, execution.id)
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1))
    expect(events.map((e) => e.type)).toEqual(['execution.started', 'step.started', 'step.completed', 'step.started', 'step.completed', 'execution.completed'])
    const started = events[1]
    expect(started).toMatchObject({ stepId: 'a', stepType: 'tool', iterationPath: '', attempt: 1, executionId: execution.id, workflowId: 'ev', input: { x: 2 } })
    expect(events[2]).toMatchObject({ type: 'step.completed', output: 1 })
    const rows = await engine.executions.steps(execution.id)
    expect(rows[0]).toMatchObject({ stepId: 'a', status: 'completed', input: { x: 2 }, output: 1, attempt: 1 })
  })

  it('engine.on sees committed events and can unsubscribe', async () => {
    const t = recordingTool(() => 1)
    const { engine } = testEngine({ tools: { t: t.tool } })
    const seen: string[] = []
    const off = engine.on('step.completed', (event) => seen.push(event.stepId))
    await engine.run({ id: 'on', steps: [{ id: 'a', type: 'tool', tool: 't' }] })
    off()
    await engine.run({ id: 'on', steps: [{ id: 'b', type: 'tool', tool: 't' }] })
    expect(seen).toEqual(['a'])
  })

  it('a throwing engine.on listener never breaks the execution', async () => {
    const t = recordingTool(() => 1)
    const { engine } = testEngine({ tools: { t: t.tool } })
    engine.on('*', () => {
      throw new Error('host bug')
    })
    const execution = await engine.run({ id: 'x', steps: [{ id: 'a', type: 'tool', tool: 't' }] })
    expect(execution.status).toBe('completed')
  })

  it('rejects an invalid document with WORKFLOW_INVALID and details.issues', async () => {
    const { engine } = testEngine()
    const error = await engine.run({ id: 'bad', steps: [{ id: 'a', type: 'agent', prompt: 'x' }] }).catch((e: unknown) => e)
    expect(StepwiseError.isInstance(error)).toBe(true)
    expect((error as StepwiseError).code).toBe('WORKFLOW_INVALID')
    const issues = (error as StepwiseError).details?.issues as { path: string; hint?: string }[]
    expect(issues[0].path).toBe('/steps/0/type')
    expect(issues[0].hint).toContain('agent_prompt')
  })

  it('checks tool names against the engine registry at save time', async () => {
    const { engine } = testEngine({ tools: { known: recordingTool().tool } })
    const error = await engine.workflows.save({ id: 'w', steps: [{ id: 'a', type: 'tool', tool: 'unknown' }] }).catch((e: unknown) => e)
    expect((error as StepwiseError).code).toBe('WORKFLOW_INVALID')
  })

  it('set publishes each value; end stops the execution with its status and output', async () => {
    const t = recordingTool(() => 1)
    const { engine } = testEngine({ tools: { t: t.tool } })
    const done = await engine.run({
      id: 'end',
      steps: [
        { id: 's', type: 'set', values: { n: '1 + 2', label: '"x" & "y"', lit: 5 } },
        { id: 'e', type: 'end', output: { sum: '{{outputs.n}}' } },
        { id: 'never', type: 'tool', tool: 't' },
      ],
    })
    expect(done.status).toBe('completed')
    expect(done.outputs).toMatchObject({ n: 3, label: 'xy', lit: 5 })
    expect(done.output).toEqual({ sum: 3 })
    expect(t.calls).toHaveLength(0)
    const failed = await engine.run({ id: 'end2', steps: [{ id: 'e', type: 'end', status: 'failed', error: 'nope {{1+1}}' }] })
    expect(failed.status).toBe('failed')
    expect(failed.error).toMatchObject({ code: 'STEP_FAILED', message: 'nope 2', stepId: 'e' })
  })

  it('per-step `if` skips the step with status skipped and a step.skipped event', async () => {
    const t = recordingTool(() => 1)
    const { engine } = testEngine({ tools: { t: t.tool } })
    const execution = await engine.run({ id: 'if', variables: { go: { type: 'boolean', default: false } }, steps: [{ id: 'a', type: 'tool', tool: 't', if: 'variables.go' }, { id: 'b', type: 'tool', tool: 't', if: 'variables.go = false' }] })
    const steps = await engine.executions.steps(execution.id)
    expect(steps.map((s) => [s.stepId, s.status])).toEqual([['a', 'skipped'], ['b', 'completed']])
    expect(t.calls).toHaveLength(1)
  })

  it('tenants never see each other’s executions or workflows', async () => {
    const t = recordingTool(() => 1)
    const { engine } = testEngine({ tools: { t: t.tool } })
    const other = engine.forTenant('acme')
    await other.workflows.save({ id: 'secret', steps: [{ id: 'a', type: 'tool', tool: 't' }] })
    const execution = await other.run('secret')
    await expect(engine.executions.get(execution.id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(engine.workflows.get('secret')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(engine.run('secret')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(engine.executions.steps(execution.id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(engine.executions.cancel(execution.id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(engine.executions.approve(execution.id, { approved: true })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(engine.executions.retryFrom(execution.id, { stepId: 'a' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(await engine.executions.list()).toEqual([])
    expect((await other.executions.list()).map((e) => e.id)).toEqual([execution.id])
  })
})
