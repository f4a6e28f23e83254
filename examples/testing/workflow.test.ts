/**
 * How to unit-test a workflow: memory storage, a scripted model and a test clock. No network,
 * no real time. In your project the imports are `stepwise` and `stepwise/testing`; the example
 * imports the source so it runs inside this repository.
 *
 * Run it with `npx vitest run examples/testing`.
 */
import { tool } from 'ai'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { aiSdkAgent, createEngine, memoryStorage, type StepwiseEvent } from '../../src/index.js'
import { createTestClock, scriptedModel } from '../../src/testing/index.js'

// The workflow under test: classify an issue, ask a human when the model is unsure, wait a day,
// then label it.
const triage = {
  id: 'triage-issue',
  variables: { issue: { type: 'object', required: true } },
  steps: [
    {
      id: 'classify',
      type: 'agent_prompt',
      prompt: 'Classify this issue: {{ variables.issue.title }}',
      outputSchema: { label: { type: 'string' }, confidence: { type: 'number' } },
    },
    {
      id: 'check',
      type: 'conditional',
      condition: 'outputs.classify.confidence < 0.8',
      then: [{ id: 'confirm', type: 'approval', prompt: 'Label "{{ variables.issue.title }}" as {{ outputs.classify.label }}?' }],
    },
    { id: 'cool-off', type: 'wait', durationMs: 86_400_000 },
    { id: 'label', type: 'tool', tool: 'addLabel', arguments: { issue: '{{ variables.issue.id }}', label: '{{ outputs.classify.label }}' } },
  ],
}

function setup(replies: Parameters<typeof scriptedModel>[0]) {
  const labels: { issue: string; label: string }[] = []
  const addLabel = tool({
    description: 'Adds a label to an issue',
    inputSchema: z.object({ issue: z.string(), label: z.string() }),
    execute: async (input) => {
      labels.push(input)
      return { ok: true }
    },
  })
  const model = scriptedModel(replies)
  const clock = createTestClock('2026-03-02T09:00:00Z')
  const engine = createEngine({
    storage: memoryStorage(),
    models: { default: model },
    tools: { addLabel },
    clock,
    // No AI SDK retries in tests: a scripted failure fails over (or fails) at once.
    agent: aiSdkAgent({ maxRetries: 0 }),
  })
  return { engine, model, clock, labels }
}

const issue = { id: 'GH-7', title: 'Crash on empty config' }

describe('triage-issue', () => {
  it('labels a confident classification after the cool-off day, without asking', async () => {
    const { engine, model, clock, labels } = setup([{ json: { label: 'bug', confidence: 0.95 } }])
    await engine.workflows.save(triage)

    const parked = await engine.run('triage-issue', { variables: { issue } })
    expect(parked.status).toBe('waiting') // the durable `wait` step
    expect(parked.outputs.classify).toEqual({ label: 'bug', confidence: 0.95 })
    expect(model.calls[0].lastUserText).toContain('Classify this issue: Crash on empty config')

    clock.advance(86_400_000) // one day, instantly
    await engine.tick()
    const done = await engine.executions.settled(parked.id)
    expect(done.status).toBe('completed')
    expect(labels).toEqual([{ issue: 'GH-7', label: 'bug' }])
  })

  it('asks a human when unsure, and a malformed model reply is repaired', async () => {
    const { engine, clock, labels } = setup(['I think it is a question.', { json: { label: 'question', confidence: 0.4 } }])
    const waiting = await engine.run(triage, { variables: { issue } })
    expect(waiting.waitingFor).toMatchObject({ kind: 'approval', stepId: 'confirm', prompt: 'Label "Crash on empty config" as question?' })

    await engine.executions.approve(waiting.id, { approved: true, by: 'maintainer' })
    expect((await engine.executions.settled(waiting.id)).waitingFor).toMatchObject({ kind: 'timer', stepId: 'cool-off' })
    clock.advance(86_400_000)
    await engine.tick()
    expect((await engine.executions.settled(waiting.id)).status).toBe('completed')
    expect(labels).toEqual([{ issue: 'GH-7', label: 'question' }])

    // The event log shows the repair: the first turn was superseded.
    const turns: string[] = []
    for await (const event of engine.events(waiting.id)) if (event.type === 'agent.turn.finished') turns.push(event.reason)
    expect(turns).toEqual(['cancelled', 'completed'])
  })

  it('fails clearly when the model keeps answering the wrong shape', async () => {
    const { engine, labels } = setup(['no', 'still no', 'nope'])
    const failed = await engine.run(triage, { variables: { issue } })
    expect(failed.status).toBe('failed')
    expect(failed.error).toMatchObject({ code: 'OUTPUT_INVALID', stepId: 'classify' })
    expect(labels).toEqual([])
  })

  it('streams the reply: every text delta is an event', async () => {
    const { engine } = setup([{ text: '{"label": "bug", "confidence": 0.9}' }])
    const { id } = await engine.start(triage, { variables: { issue } })
    const deltas: string[] = []
    for await (const event of engine.events(id) as AsyncIterable<StepwiseEvent>) {
      if (event.type === 'agent.text.delta') deltas.push(event.delta)
      if (event.type === 'execution.waiting') break
    }
    expect(deltas.join('')).toBe('{"label": "bug", "confidence": 0.9}')
  })
})
