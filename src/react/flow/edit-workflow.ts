/**
 * @module
 * The diagram editor's operations on a workflow document: insert a step after another, at the
 * start, or into a container's block; delete a step. Each returns a new document (the input is
 * never mutated) that stays valid when the input was: new ids are unique in the whole document,
 * and a delete that would leave a loop without a body or a parallel step without a branch is
 * refused.
 */
import { asRecord, builtinDiagrams, collectStepIds, type DiagramRegistry } from './step-blocks.js'
import { createStepTemplate } from './step-templates.js'

/** Where the editor inserts a new step. */
export type StepInsertTarget =
  /** First step of the workflow. */
  | { kind: 'start' }
  /** Right after the step at `pointer`, in the same block. */
  | { kind: 'after'; pointer: string }
  /** At the end of the block `block` of the container at `pointer` (`branches` adds a branch). */
  | { kind: 'block'; pointer: string; block: string }

/** Whether a step can be deleted, with the reason when not. */
export type DeleteCheck = { ok: true } | { ok: false; reason: string }

type Tokens = readonly (string | number)[]

/** Tokens of a JSON Pointer (`/steps/0/then` → `['steps', 0, 'then']`). */
function parsePointer(pointer: string): (string | number)[] {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((token) => (/^(0|[1-9]\d*)$/.test(token) ? Number(token) : token))
}

/** The value at `tokens`, or `undefined`. */
function valueAt(root: unknown, tokens: Tokens): unknown {
  let current = root
  for (const token of tokens) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, token)) return undefined
    current = (current as Record<string | number, unknown>)[token]
  }
  return current
}

/** A copy of `root` with the value at `tokens` replaced by `update(old)`; containers on the path are copied. */
function updateAt(root: unknown, tokens: Tokens, update: (value: unknown) => unknown): unknown {
  if (tokens.length === 0) return update(root)
  const [head, ...rest] = tokens
  if (Array.isArray(root)) {
    const copy = [...root]
    copy[head as number] = updateAt(root[head as number], rest, update)
    return copy
  }
  const record = asRecord(root) ?? {}
  return { ...record, [head]: updateAt(record[head], rest, update) }
}

/** A generator of new step ids `<type>_<n>`, unique in `workflow` and among the ids it already gave. */
export function stepIdGenerator(workflow: { steps?: readonly unknown[] }, diagrams: DiagramRegistry = builtinDiagrams): (type: string) => string {
  const used = collectStepIds(Array.isArray(workflow.steps) ? workflow.steps : [], diagrams)
  return (type) => {
    const base = type.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 100) || 'step'
    let n = 1
    while (used.has(`${base}_${n}`)) n += 1
    used.add(`${base}_${n}`)
    return `${base}_${n}`
  }
}

/** Inserts a new step of `type` (from the built-in templates); returns the document and the new step's id. */
export function insertStep<TWorkflow extends { steps?: readonly unknown[] }>(workflow: TWorkflow, target: StepInsertTarget, type: string, diagrams: DiagramRegistry = builtinDiagrams): { workflow: TWorkflow; stepId: string } {
  const step = createStepTemplate(type, stepIdGenerator(workflow, diagrams))
  if (step === undefined) throw new Error(`No template for step type \`${type}\`.`)
  return { workflow: insertStepValue(workflow, target, step), stepId: step.id }
}

/** Inserts a given step value at `target` (the caller makes its ids unique). */
export function insertStepValue<TWorkflow extends { steps?: readonly unknown[] }>(workflow: TWorkflow, target: StepInsertTarget, step: unknown): TWorkflow {
  if (target.kind === 'start') {
    return updateAt(workflow, ['steps'], (steps) => [step, ...(Array.isArray(steps) ? steps : [])]) as TWorkflow
  }
  const tokens = parsePointer(target.pointer)
  if (target.kind === 'after') {
    const index = tokens[tokens.length - 1]
    const blockTokens = tokens.slice(0, -1)
    const block = valueAt(workflow, blockTokens)
    if (typeof index !== 'number' || !Array.isArray(block) || index >= block.length) throw new Error(`No step at ${target.pointer}.`)
    return updateAt(workflow, blockTokens, (block) => [...(block as unknown[]).slice(0, index + 1), step, ...(block as unknown[]).slice(index + 1)]) as TWorkflow
  }
  const container = asRecord(valueAt(workflow, tokens))
  if (container === undefined) throw new Error(`No step at ${target.pointer}.`)
  if (target.block === 'branches' && !Array.isArray(container.branches) && Array.isArray(container.steps)) {
    // Shorthand parallel: one branch per item of `steps`.
    return updateAt(workflow, [...tokens, 'steps'], (steps) => [...(steps as unknown[]), step]) as TWorkflow
  }
  const item = target.block === 'branches' ? [step] : step
  return updateAt(workflow, [...tokens, target.block], (block) => [...(Array.isArray(block) ? block : []), item]) as TWorkflow
}

/** Whether the step at `pointer` can be deleted without making the document invalid. */
export function canDeleteStep(workflow: unknown, pointer: string): DeleteCheck {
  const tokens = parsePointer(pointer)
  const blockTokens = tokens.slice(0, -1)
  const block = valueAt(workflow, blockTokens)
  const index = tokens[tokens.length - 1]
  if (typeof index !== 'number' || !Array.isArray(block) || index >= block.length) return { ok: false, reason: `No step at ${pointer}.` }
  const owner = asRecord(valueAt(workflow, blockTokens.slice(0, -1)))
  const branchOwner = asRecord(valueAt(workflow, blockTokens.slice(0, -2)))
  const last = blockTokens[blockTokens.length - 1]
  if (owner?.type === 'loop' && last === 'steps' && block.length <= 1) return { ok: false, reason: 'A loop needs at least one step in its body.' }
  if (owner?.type === 'parallel' && last === 'steps' && block.length <= 1) return { ok: false, reason: 'A parallel step needs at least one branch.' }
  if (branchOwner?.type === 'parallel' && blockTokens[blockTokens.length - 2] === 'branches' && block.length <= 1) {
    const branches = branchOwner.branches
    if (Array.isArray(branches) && branches.length <= 1) return { ok: false, reason: 'A parallel step needs at least one branch.' }
  }
  return { ok: true }
}

/**
 * Deletes the step at `pointer` (with everything nested in it). Deleting the only step of a
 * parallel branch deletes the branch. Throws when {@link canDeleteStep} says no.
 */
export function deleteStep<TWorkflow>(workflow: TWorkflow, pointer: string): TWorkflow {
  const check = canDeleteStep(workflow, pointer)
  if (!check.ok) throw new Error(check.reason)
  const tokens = parsePointer(pointer)
  const index = tokens[tokens.length - 1] as number
  const blockTokens = tokens.slice(0, -1)
  const block = valueAt(workflow, blockTokens) as unknown[]
  const branchOwner = asRecord(valueAt(workflow, blockTokens.slice(0, -2)))
  if (block.length === 1 && branchOwner?.type === 'parallel' && blockTokens[blockTokens.length - 2] === 'branches') {
    const branchIndex = blockTokens[blockTokens.length - 1] as number
    return updateAt(workflow, blockTokens.slice(0, -1), (branches) => (branches as unknown[]).filter((_, i) => i !== branchIndex)) as TWorkflow
  }
  return updateAt(workflow, blockTokens, (steps) => (steps as unknown[]).filter((_, i) => i !== index)) as TWorkflow
}

/** The value at a step's JSON Pointer in a document, or `undefined`. */
export function stepAt(workflow: unknown, pointer: string): unknown {
  return valueAt(workflow, parsePointer(pointer))
}
