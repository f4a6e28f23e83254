/**
 * @module
 * The recursive part of validation: every step of every block is shape-checked with its type's
 * zod schema, given an id (derived from its position when omitted), checked for duplicate ids,
 * its expressions compiled, its type's checks run, and rebuilt in normalised form.
 */
import { z } from 'zod'
import { STEP_ID_PATTERN } from '../ids.js'
import { closestName } from '../name-suggestions.js'
import type { StepCheckContext, StepSchemaSpec } from '../step-schema-spec.js'
import type { StepBase, ValidationIssue } from '../workflow-types.js'
import { checkExpressionField, type VariableReference } from './expression-fields.js'
import { PointerWriter } from './json-pointer.js'
import { mapZodIssues } from './zod-issues.js'

/** `raw` with `id` as its first key (an explicit `id: undefined` is replaced too). */
function withId(raw: Record<string, unknown>, id: string): Record<string, unknown> {
  const copy: Record<string, unknown> = { id, ...raw }
  copy.id = id
  return copy
}

/** Deepest nesting of step blocks. */
export const MAX_NESTING_DEPTH = 32

/** Hints for step types that were renamed or removed. */
export const RENAMED_STEP_TYPES: Readonly<Record<string, string>> = {
  agent: '`agent` was renamed `agent_prompt`.',
  agent_message: '`agent_message` was removed: use `notify` to send a message, or `agent_prompt` to run an agent.',
  subworkflow: '`subworkflow` was removed: inline the steps of the other workflow.',
}

/** Shared state of one validation run. */
export interface WalkState {
  /** Specs by type. */
  readonly specs: ReadonlyMap<string, StepSchemaSpec>
  /** Shallow zod schema of each type (nested steps as `unknown`). */
  readonly schemas: ReadonlyMap<string, z.ZodType>
  /** Host registries. */
  readonly context: StepCheckContext
  /** Errors found. */
  readonly issues: ValidationIssue[]
  /** Warnings found. */
  readonly warnings: ValidationIssue[]
  /** Step id → pointer of the step that has it. */
  readonly ids: Map<string, string>
  /** `variables.<name>` references, for the undeclared-variable lint. */
  readonly references: VariableReference[]
  /** Loop variable names bound anywhere in the document. */
  readonly loopVariables: Set<string>
}

/** Creates the shallow zod schema of each spec, once per validator. */
export function shallowSchemas(specs: readonly StepSchemaSpec[]): Map<string, z.ZodType> {
  return new Map(specs.map((spec) => [spec.type, spec.schema(z.unknown())]))
}

/** Hint for an unknown step type. */
export function unknownTypeHint(type: string, types: readonly string[]): string {
  const renamed = Object.hasOwn(RENAMED_STEP_TYPES, type) ? RENAMED_STEP_TYPES[type] : undefined
  if (renamed !== undefined) return renamed
  const close = closestName(type, types)
  return `${close === undefined ? '' : `Did you mean \`${close}\`? `}Valid types: ${types.join(', ')}.`
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function registerId(id: string, pointer: string, derived: boolean, state: WalkState): void {
  const other = state.ids.get(id)
  if (other === undefined) {
    state.ids.set(id, pointer)
    return
  }
  state.issues.push({
    path: derived ? pointer : `${pointer}/id`,
    code: 'duplicate_id',
    message: `Duplicate step id \`${id}\`${derived ? ' (derived from the position)' : ''}: the step at ${pointer} and the step at ${other} both use it.`,
    hint: derived ? 'Give this step an explicit unique `id`.' : 'Step ids must be unique in the whole document, nested steps included.',
  })
}

function walkStep(raw: unknown, pointer: string, derivedId: string, parentValid: boolean, depth: number, state: WalkState): unknown {
  if (!isRecord(raw)) {
    state.issues.push({ path: pointer, code: 'invalid_field', message: 'A step must be an object with a `type`.' })
    return raw
  }
  const explicit = typeof raw.id === 'string'
  const id = explicit ? (raw.id as string) : derivedId
  if (raw.id === undefined) {
    registerId(id, pointer, true, state)
    if (parentValid && !STEP_ID_PATTERN.test(id)) state.issues.push({ path: pointer, code: 'invalid_id', message: `The id derived from this step's position (\`${id.slice(0, 40)}…\`) is too long.`, hint: 'Give the step (or its container) a shorter explicit `id`.' })
  } else if (explicit) registerId(id, pointer, false, state)
  const type = raw.type
  const types = [...state.specs.keys()]
  if (typeof type !== 'string') {
    state.issues.push({ path: `${pointer}/type`, code: type === undefined ? 'missing_field' : 'invalid_field', message: 'A step needs a `type` string.', hint: `Valid types: ${types.join(', ')}.` })
    return raw
  }
  const spec = state.specs.get(type)
  const schema = state.schemas.get(type)
  if (spec === undefined || schema === undefined) {
    state.issues.push({ path: `${pointer}/type`, code: 'unknown_type', message: `Unknown step type \`${type}\`.`, hint: unknownTypeHint(type, types) })
    if (!explicit && raw.id !== undefined) state.issues.push({ path: `${pointer}/id`, code: 'invalid_id', message: 'A step id must be a string.' })
    return raw
  }
  const parsed = schema.safeParse(raw)
  if (!parsed.success) state.issues.push(...mapZodIssues(parsed.error.issues, { base: pointer, raw, schema, label: `a \`${type}\` step` }))
  const step = raw as unknown as StepBase
  for (const field of safeCall(() => spec.expressions(step), [])) state.issues.push(...checkExpressionField(field, pointer, state.references))
  for (const issue of safeCall(() => spec.check?.(step, state.context) ?? [], [])) state.issues.push({ ...issue, path: pointer + issue.path })
  if (type === 'loop') {
    state.loopVariables.add(typeof raw.itemVar === 'string' ? raw.itemVar : 'item')
    state.loopVariables.add(typeof raw.indexVar === 'string' ? raw.indexVar : 'index')
  }
  const writer = new PointerWriter(raw.id === undefined ? withId(raw, id) : raw)
  for (const block of safeCall(() => spec.blocks(step), [])) {
    const relative = block.steps.map((_, index) => block.itemPointers?.[index] ?? `${block.pointer}/${index}`)
    const children = walkBlock(block.steps, pointer + block.pointer, relative.map((item) => pointer + item), id, block.key, depth + 1, state)
    if (block.itemPointers === undefined) writer.set(block.pointer, children)
    else children.forEach((child, index) => writer.set(relative[index], child))
  }
  const normalised = writer.root as unknown as StepBase
  return spec.normalize === undefined ? normalised : safeCall(() => (spec.normalize as (s: StepBase) => StepBase)(normalised), normalised)
}

function safeCall<T>(call: () => T, fallback: T): T {
  try {
    return call()
  } catch {
    return fallback
  }
}

/**
 * Validates and normalises a block. `pointers` are the absolute pointers of the steps; derived
 * ids are `step_<i>` at top level and `<parentId>_<blockKey>_<i>` below (`/` in the key → `_`).
 */
export function walkBlock(steps: readonly unknown[], blockPointer: string, pointers: readonly string[], parentId: string | undefined, blockKey: string | undefined, depth: number, state: WalkState): unknown[] {
  if (depth > MAX_NESTING_DEPTH) {
    state.issues.push({ path: blockPointer, code: 'limit', message: `Steps are nested more than ${MAX_NESTING_DEPTH} levels deep.`, hint: 'Flatten the workflow.' })
    return [...steps]
  }
  const keyPart = (blockKey ?? '').replace(/\//g, '_')
  let ended: string | undefined
  return steps.map((raw, index) => {
    const pointer = pointers[index]
    if (ended !== undefined) {
      state.warnings.push({ path: pointer, code: 'unreachable', message: `This step never runs: the \`end\` step at ${ended} always stops the execution before it.` })
      ended = undefined
    }
    const derived = parentId === undefined ? `step_${index}` : `${parentId}_${keyPart}_${index}`
    const result = walkStep(raw, pointer, derived, parentId === undefined || STEP_ID_PATTERN.test(parentId), depth, state)
    if (isRecord(raw) && raw.type === 'end' && (raw.if === undefined || raw.if === true)) ended = pointer
    return result
  })
}
