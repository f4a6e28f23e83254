import { describe, expect, it } from 'vitest'
import { draftWorkflow } from '../../src/index.js'
import { scriptedModel } from '../../src/testing/index.js'
import { failure } from './draft-test-helpers.js'

type StepDoc = Record<string, unknown> & { id: string; type: string; then?: StepDoc[] }
interface Doc {
  id: string
  name: string
  variables: Record<string, unknown>
  steps: StepDoc[]
}

const base: Doc = {
  id: 'review-pr',
  name: 'Review a pull request',
  variables: { pr: { type: 'number', required: true } },
  steps: [
    { id: 'fetch', type: 'tool', tool: 'github', arguments: { pr: '{{variables.pr}}' } },
    { id: 'review', type: 'agent_prompt', prompt: 'Review {{outputs.fetch}}' },
    {
      id: 'gate',
      type: 'conditional',
      condition: 'outputs.review != ""',
      then: [{ id: 'post', type: 'notify', content: '{{outputs.review}}' }],
      else: [{ id: 'skip', type: 'set', values: { skipped: 'true' } }],
    },
  ],
}

function edit(change: (doc: Doc) => void): Doc {
  const copy = structuredClone(base)
  change(copy)
  return copy
}

const betterReview = edit((doc) => {
  doc.steps[1] = { id: 'review', type: 'agent_prompt', prompt: 'Review {{outputs.fetch}} strictly; list every bug.' }
})

describe('draftWorkflow with stepIds', () => {
  it('accepts a draft that changes only the selected step, and tells the model the scope', async () => {
    const model = scriptedModel([{ json: betterReview }])
    const result = await draftWorkflow({ model, prompt: 'Make the review stricter.', base, stepIds: ['review'] })
    expect(result.attempts).toBe(1)
    expect((result.workflow.steps[1] as { prompt?: string }).prompt).toContain('strictly')
    const prompt = model.calls[0].lastUserText
    expect(prompt).toContain('Change only the steps `review`')
    expect(prompt).toContain('"id": "fetch"')
  })

  it('feeds back a change to another step, then accepts the fixed draft', async () => {
    const touchedFetch = edit((doc) => {
      doc.steps[1] = betterReview.steps[1]
      doc.steps[0] = { id: 'fetch', type: 'tool', tool: 'github', arguments: { pr: '{{variables.pr}}', diff: 'true' } }
    })
    const model = scriptedModel([{ json: touchedFetch }, { json: betterReview }])
    const result = await draftWorkflow({ model, prompt: 'Make the review stricter.', base, stepIds: ['review'] })
    expect(result.attempts).toBe(2)
    const retry = model.calls[1].lastUserText
    expect(retry).toMatch(/1\. \/steps\/0: The step `fetch` changed, but only the steps `review` may change\./)
    expect(retry).toContain('Change only the steps `review`')
  })

  it('fails with DRAFT_FAILED when the model keeps changing other steps or top-level fields', async () => {
    const drifting = edit((doc) => {
      doc.steps[1] = betterReview.steps[1]
      doc.name = 'Strict review'
      doc.steps.splice(2, 1)
    })
    const model = scriptedModel([{ json: drifting }], { whenDone: 'repeat' })
    const error = await failure(draftWorkflow({ model, prompt: 'Stricter.', base, stepIds: ['review'] }))
    expect(error.code).toBe('DRAFT_FAILED')
    expect(model.calls).toHaveLength(3)
    const issues = error.details?.issues as { path: string; message: string; code: string }[]
    expect(issues.every((issue) => issue.code === 'changed_outside_selection')).toBe(true)
    expect(issues.map((issue) => issue.path)).toEqual(expect.arrayContaining(['/name', '/steps']))
    expect(issues.map((issue) => issue.message).join('\n')).toContain('`gate` is missing')
  })

  it('lets steps inside a selected container change, and new steps be added next to a selected one', async () => {
    const branchEdit = edit((doc) => {
      doc.steps[2].then = [{ id: 'post', type: 'notify', content: 'Review: {{outputs.review}}' }, { id: 'post_again', type: 'notify', target: 'default', content: 'done' }]
      doc.steps[2].condition = 'outputs.review != "" and true'
    })
    const model = scriptedModel([{ json: branchEdit }])
    expect((await draftWorkflow({ model, prompt: 'Announce twice.', base, stepIds: ['gate'] })).attempts).toBe(1)

    const besidePost = edit((doc) => {
      doc.steps[2].then = [{ id: 'post', type: 'notify', content: 'x' }, { id: 'extra', type: 'notify', content: 'y' }]
    })
    expect((await draftWorkflow({ model: scriptedModel([{ json: besidePost }]), prompt: 'Add one.', base, stepIds: ['post'] })).attempts).toBe(1)

    const elsewhere = edit((doc) => {
      doc.steps.push({ id: 'stray', type: 'notify', content: 'not asked for' })
    })
    const error = await failure(draftWorkflow({ model: scriptedModel([{ json: elsewhere }], { whenDone: 'repeat' }), prompt: 'Add one.', base, stepIds: ['post'], maxAttempts: 1 }))
    expect(error.details?.issues).toEqual([expect.objectContaining({ path: '/steps/3', message: expect.stringContaining('`stray` is new') })])
  })

  it('reports a kept step that moved or was reordered', async () => {
    const moved = edit((doc) => {
      const [fetch] = doc.steps.splice(0, 1)
      doc.steps.push(fetch)
    })
    const error = await failure(draftWorkflow({ model: scriptedModel([{ json: moved }]), prompt: 'x', base, stepIds: ['review'], maxAttempts: 1 }))
    expect((error.details?.issues as { message: string }[])[0].message).toMatch(/order of the steps `fetch`, `gate` changed/)
  })

  it('addresses steps of a base without ids by their derived ids', async () => {
    const anonymous = { name: 'Plain', steps: [{ type: 'notify', content: 'one' }, { type: 'notify', content: 'two' }] }
    const changed = { name: 'Plain', steps: [{ type: 'notify', content: 'one' }, { type: 'notify', content: 'TWO' }] }
    const model = scriptedModel([{ json: changed }])
    const result = await draftWorkflow({ model, prompt: 'Shout the second.', base: anonymous, stepIds: ['step_1'] })
    expect(result.workflow.steps.map((step) => step.id)).toEqual(['step_0', 'step_1'])
    expect(model.calls[0].lastUserText).toContain('"id": "step_0"')
    expect(model.calls[0].lastUserText).not.toContain('"id": "wf-')
    const touched = { name: 'Plain', steps: [{ type: 'notify', content: 'ONE' }, { type: 'notify', content: 'TWO' }] }
    const error = await failure(draftWorkflow({ model: scriptedModel([{ json: touched }]), prompt: 'x', base: anonymous, stepIds: ['step_1'], maxAttempts: 1 }))
    expect((error.details?.issues as { message: string }[])[0].message).toContain('`step_0` changed')
  })
})
