import { describe, expect, it } from 'vitest'
import { DRAFT_LIMITS, draftWorkflow, StepwiseError, type DraftWorkflowOptions } from '../../src/index.js'
import { scriptedModel } from '../../src/testing/index.js'

const base = { id: 'w', steps: [{ id: 'a', type: 'notify', content: 'x' }, { id: 'b', type: 'notify', content: 'y' }] }

describe('draftWorkflow input limits', () => {
  const cases: [string, Omit<DraftWorkflowOptions, 'model'>, string][] = [
    ['a prompt over 8,000 characters', { prompt: 'x'.repeat(DRAFT_LIMITS.maxPromptChars + 1) }, 'prompt'],
    ['an empty prompt', { prompt: '  ' }, 'prompt'],
    ['an instruction over 500 characters', { prompt: 'x', instruction: 'y'.repeat(501) }, 'instruction'],
    ['a base over 32 KB', { prompt: 'x', base: { id: 'big', description: 'z'.repeat(DRAFT_LIMITS.maxBaseBytes), steps: [] } }, 'base'],
    ['a base that is not an object', { prompt: 'x', base: '{"steps":[]}' }, 'base'],
    ['stepIds without a base', { prompt: 'x', stepIds: ['a'] }, 'stepIds'],
    ['an empty stepIds', { prompt: 'x', base, stepIds: [] }, 'stepIds'],
    ['21 stepIds', { prompt: 'x', base, stepIds: Array.from({ length: 21 }, () => 'a') }, 'stepIds'],
    ['a stepId with a slash', { prompt: 'x', base, stepIds: ['a/b'] }, 'stepIds'],
    ['a stepId the base does not have', { prompt: 'x', base, stepIds: ['a', 'zzz'] }, 'stepIds'],
    ['maxAttempts 0', { prompt: 'x', maxAttempts: 0 }, 'maxAttempts'],
  ]

  it.each(cases)('rejects %s with INVALID_ARGUMENT before calling the model', async (_label, options, field) => {
    const model = scriptedModel([{ json: base }])
    const error = await draftWorkflow({ model, ...options }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    )
    expect(StepwiseError.isInstance(error) && error.code).toBe('INVALID_ARGUMENT')
    expect((error as StepwiseError).details?.field).toBe(field)
    expect(model.calls).toHaveLength(0)
  })

  it('accepts input exactly at the limits', async () => {
    const model = scriptedModel([{ json: base }])
    const result = await draftWorkflow({ model, prompt: 'x'.repeat(DRAFT_LIMITS.maxPromptChars), instruction: 'y'.repeat(DRAFT_LIMITS.maxInstructionChars), base, stepIds: ['a', 'a'] })
    expect(result.attempts).toBe(1)
    expect(model.calls[0].lastUserText).toContain('Change only the steps `a` (')
  })
})
