/**
 * @module
 * `checkDraftInput`: rejects bad `draftWorkflow` input with `INVALID_ARGUMENT` before any model
 * call, and prepares the base workflow.
 */
import { StepwiseError } from '../errors/stepwise-error.js'
import { STEP_ID_PATTERN } from '../language/ids.js'
import { validateWorkflow } from '../validate.js'
import { DRAFT_LIMITS, type DraftWorkflowOptions } from './draft-types.js'
import { indexSteps } from './index-steps.js'

/** The checked input of one drafting run. */
export interface CheckedDraftInput {
  /** The base as a record: normalised (ids filled) when it validates, else as given. */
  base?: Record<string, unknown>
  /** The base's own `id`, when it has one. */
  baseId?: string
  /** The selected steps (deduplicated), when `stepIds` was given. */
  stepIds?: string[]
  /** Model calls allowed. */
  maxAttempts: number
}

function invalid(message: string, details: Record<string, unknown>): StepwiseError {
  return new StepwiseError('INVALID_ARGUMENT', message, { details })
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function jsonBytes(value: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8')
  } catch {
    return Number.POSITIVE_INFINITY
  }
}

function checkText(name: string, value: unknown, max: number, required: boolean): void {
  if (value === undefined && !required) return
  if (typeof value !== 'string') throw invalid(`\`${name}\` must be a string.`, { field: name })
  if (value.length > max) throw invalid(`\`${name}\` has ${value.length} characters; at most ${max} are allowed.`, { field: name, limit: max, actual: value.length })
}

function checkStepIds(stepIds: unknown, base: Record<string, unknown> | undefined): string[] {
  if (!Array.isArray(stepIds) || stepIds.length === 0 || stepIds.length > DRAFT_LIMITS.maxStepIds) {
    throw invalid(`\`stepIds\` must be an array of 1 to ${DRAFT_LIMITS.maxStepIds} step ids.`, { field: 'stepIds', limit: DRAFT_LIMITS.maxStepIds })
  }
  const bad = stepIds.filter((id) => typeof id !== 'string' || !STEP_ID_PATTERN.test(id))
  if (bad.length > 0) throw invalid(`\`stepIds\` may hold only ids of \`[A-Za-z0-9_-]\` (1–128 characters); got ${bad.map((id) => JSON.stringify(id)).join(', ')}.`, { field: 'stepIds', invalid: bad })
  if (base === undefined) throw invalid('`stepIds` needs a `base` workflow whose steps they name.', { field: 'stepIds' })
  const known = indexSteps(base.steps)
  const unknown = (stepIds as string[]).filter((id) => !known.has(id))
  if (unknown.length > 0) {
    throw invalid(`\`stepIds\` names steps the base does not have: ${unknown.join(', ')}. Known: ${[...known.keys()].slice(0, 50).join(', ') || '(none)'}.`, { field: 'stepIds', unknown })
  }
  return [...new Set(stepIds as string[])]
}

/**
 * Checks sizes (`prompt` ≤ 8,000 characters, `base` ≤ 32 KB as JSON, `instruction` ≤ 500
 * characters), `stepIds` (1–20 ids of steps of `base`) and `maxAttempts` (1–10). Throws
 * `INVALID_ARGUMENT` naming the field.
 */
export function checkDraftInput(options: DraftWorkflowOptions): CheckedDraftInput {
  if (!isRecord(options) || options.model === undefined || options.model === null) throw invalid('`draftWorkflow` needs `{ model, prompt }`.', { field: 'model' })
  checkText('prompt', options.prompt, DRAFT_LIMITS.maxPromptChars, true)
  checkText('instruction', options.instruction, DRAFT_LIMITS.maxInstructionChars, false)
  if (options.prompt.trim() === '' && (options.instruction ?? '').trim() === '') throw invalid('`prompt` is empty: say what the workflow should do.', { field: 'prompt' })
  const maxAttempts = options.maxAttempts ?? 3
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > DRAFT_LIMITS.maxAttempts) {
    throw invalid(`\`maxAttempts\` must be an integer from 1 to ${DRAFT_LIMITS.maxAttempts}.`, { field: 'maxAttempts' })
  }
  const checked: CheckedDraftInput = { maxAttempts }
  if (options.base !== undefined && options.base !== null) {
    if (!isRecord(options.base)) throw invalid('`base` must be a workflow object.', { field: 'base' })
    const bytes = jsonBytes(options.base)
    if (bytes > DRAFT_LIMITS.maxBaseBytes) throw invalid(`\`base\` is ${bytes} bytes as JSON; at most ${DRAFT_LIMITS.maxBaseBytes} are allowed.`, { field: 'base', limit: DRAFT_LIMITS.maxBaseBytes, actual: bytes })
    const normalised = validateWorkflow(options.base)
    checked.base = normalised.ok ? (normalised.workflow as unknown as Record<string, unknown>) : options.base
    if (typeof options.base.id === 'string') checked.baseId = options.base.id
  }
  if (options.stepIds !== undefined) checked.stepIds = checkStepIds(options.stepIds, checked.base)
  return checked
}
