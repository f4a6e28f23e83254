import { describe, expect, it } from 'vitest'
import { buildDiagramGraph } from '../../src/react/flow/build-diagram-graph.js'
import { canDeleteStep, deleteStep, insertStep, stepIdGenerator, type StepInsertTarget } from '../../src/react/flow/edit-workflow.js'
import { collectStepIds } from '../../src/react/flow/step-blocks.js'
import { INSERTABLE_STEP_TYPES } from '../../src/react/flow/step-templates.js'
import type { Workflow } from '../../src/steps/step.js'
import { validateWorkflow } from '../../src/validate.js'
import { everything } from './fixtures.js'

function expectValid(document: unknown): void {
  const result = validateWorkflow(document)
  expect(result.ok ? [] : result.issues).toEqual([])
}

/** Every insert target the diagram offers for a document: start, after each step, each block. */
function targetsOf(workflow: Workflow): StepInsertTarget[] {
  const targets: StepInsertTarget[] = [{ kind: 'start' }]
  for (const node of buildDiagramGraph(workflow).nodes) {
    if (node.step === undefined) continue
    targets.push({ kind: 'after', pointer: node.step.pointer })
    for (const block of node.step.blocks) targets.push({ kind: 'block', pointer: node.step.pointer, block: block.name })
  }
  return targets
}

describe('edit operations', () => {
  it('starts from a valid document', () => {
    expectValid(everything)
  })

  it('inserting any built-in step type at any target keeps the document valid, with a new unique id', () => {
    const before = collectStepIds(everything.steps)
    let count = 0
    for (const target of targetsOf(everything)) {
      for (const type of INSERTABLE_STEP_TYPES) {
        const { workflow, stepId } = insertStep(everything, target, type)
        expectValid(workflow)
        expect(before.has(stepId)).toBe(false)
        const ids = [...collectStepIds(workflow.steps)]
        expect(new Set(ids).size).toBe(ids.length)
        expect(buildDiagramGraph(workflow).nodes.some((node) => node.step?.stepId === stepId && node.step.type === type)).toBe(true)
        count += 1
      }
    }
    expect(count).toBeGreaterThan(100)
  })

  it('inserts where asked', () => {
    const after = insertStep(everything, { kind: 'after', pointer: '/steps/1/then/0' }, 'wait').workflow
    expect((after.steps[1] as { then: { type: string }[] }).then.map((step) => step.type)).toEqual(['notify', 'wait'])
    const atStart = insertStep(everything, { kind: 'start' }, 'set')
    expect(atStart.workflow.steps[0].id).toBe(atStart.stepId)
    const branch = insertStep(everything, { kind: 'block', pointer: '/steps/2', block: 'branches' }, 'bash').workflow
    expect((branch.steps[2] as { branches: unknown[][] }).branches).toHaveLength(3)
    const elseBlock = insertStep({ id: 'w', steps: [{ id: 'c', type: 'conditional', condition: 'true' }] }, { kind: 'block', pointer: '/steps/0', block: 'else' }, 'end').workflow
    expect(elseBlock.steps[0]).toMatchObject({ else: [{ type: 'end' }] })
    expectValid(elseBlock)
  })

  it('never mutates its input', () => {
    const snapshot = JSON.stringify(everything)
    insertStep(everything, { kind: 'after', pointer: '/steps/3/steps/1/then/0' }, 'loop')
    deleteStep(everything, '/steps/3/steps/0')
    expect(JSON.stringify(everything)).toBe(snapshot)
  })

  it('deleting any deletable step keeps the document valid; the others are refused with a reason', () => {
    const refused: string[] = []
    for (const node of buildDiagramGraph(everything).nodes) {
      if (node.step === undefined) continue
      const check = canDeleteStep(everything, node.step.pointer)
      if (!check.ok) {
        refused.push(`${node.step.stepId}: ${check.reason}`)
        expect(() => deleteStep(everything, node.step?.pointer ?? '')).toThrow(check.reason)
        continue
      }
      const result = deleteStep(everything, node.step.pointer)
      expectValid(result)
      expect(collectStepIds(result.steps).has(node.step.stepId)).toBe(false)
    }
    expect(refused).toEqual([])
  })

  it('refuses to empty a loop body or remove the last parallel branch, and removes a branch with its last step', () => {
    const tight = {
      id: 'w',
      steps: [
        { id: 'l', type: 'loop', over: '[1]', steps: [{ id: 'only', type: 'set', values: { a: '1' } }] },
        { id: 'p', type: 'parallel', branches: [[{ id: 'solo', type: 'set', values: { b: '1' } }]] },
        { id: 'q', type: 'parallel', branches: [[{ id: 'q1', type: 'set', values: { c: '1' } }], [{ id: 'q2', type: 'set', values: { d: '1' } }]] },
        { id: 's', type: 'parallel', steps: [{ id: 's1', type: 'set', values: { e: '1' } }] },
      ],
    }
    expect(canDeleteStep(tight, '/steps/0/steps/0')).toEqual({ ok: false, reason: 'A loop needs at least one step in its body.' })
    expect(canDeleteStep(tight, '/steps/1/branches/0/0')).toEqual({ ok: false, reason: 'A parallel step needs at least one branch.' })
    expect(canDeleteStep(tight, '/steps/3/steps/0')).toEqual({ ok: false, reason: 'A parallel step needs at least one branch.' })
    const removed = deleteStep(tight, '/steps/2/branches/1/0')
    expect(removed.steps[2]).toMatchObject({ branches: [[{ id: 'q1' }]] })
    expectValid(removed)
    expect(canDeleteStep(tight, '/steps/9')).toMatchObject({ ok: false })
  })
})

describe('stepIdGenerator', () => {
  it('skips ids in use anywhere, derived ones included, and never repeats itself', () => {
    const next = stepIdGenerator({ steps: [{ id: 'set_1', type: 'set' }, { type: 'loop', steps: [{ id: 'set_2', type: 'set' }] }] })
    expect([next('set'), next('set'), next('loop')]).toEqual(['set_3', 'set_4', 'loop_1'])
  })
})
