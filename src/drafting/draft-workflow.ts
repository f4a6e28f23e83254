/**
 * @module
 * `draftWorkflow`: asks a model for a workflow, validates it, and feeds the issues back until it
 * is valid (at most `maxAttempts` calls).
 */
import { generateDraftText } from '../adapters/model/generate-draft-text.js'
import { StepwiseError } from '../errors/stepwise-error.js'
import type { ValidateOptions } from '../language/validate-workflow.js'
import type { ValidationIssue, ValidationResult } from '../language/workflow-types.js'
import { validateWorkflow } from '../validate.js'
import { checkDraftInput, type CheckedDraftInput } from './check-draft-input.js'
import { draftSystemPrompt } from './draft-system-prompt.js'
import type { DraftCatalog, DraftWorkflowOptions, DraftWorkflowResult } from './draft-types.js'
import { draftUserPrompt, formatIssues, type DraftFeedback } from './draft-user-prompt.js'
import { extractJson } from './extract-json.js'
import { verifyPreservedSteps } from './verify-preserved-steps.js'
import { workflowIdFromName } from './workflow-id-from-name.js'

/** Characters of the last reply kept in `DRAFT_FAILED` details. */
const MAX_LAST_TEXT = 20_000

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function catalogNames(catalog: DraftCatalog | undefined): ValidateOptions {
  if (catalog === undefined) return {}
  const names: ValidateOptions = {}
  if (catalog.tools !== undefined) names.tools = Array.isArray(catalog.tools) ? [...(catalog.tools as readonly string[])] : Object.keys(catalog.tools)
  if (catalog.models !== undefined) names.models = catalog.models
  if (catalog.notifiers !== undefined) names.notifiers = catalog.notifiers
  return names
}

/** Fills a missing workflow id: the base's id, else a kebab-case id from the name. */
function withWorkflowId(draft: unknown, input: CheckedDraftInput): unknown {
  if (!isRecord(draft) || draft.id !== undefined) return draft
  const id = input.baseId ?? (typeof draft.name === 'string' ? workflowIdFromName(draft.name) : undefined)
  return id === undefined ? draft : { id, ...draft }
}

function cancelled(signal: AbortSignal): StepwiseError {
  return new StepwiseError('CANCELLED', 'Drafting was cancelled.', { cause: signal.reason, details: { reason: 'aborted' } })
}

/**
 * Drafts a workflow with a model: the model gets a concise guide to the language and the JSON
 * Schema; its reply (bare JSON or a fenced block) is validated with the full validator
 * (expressions included, and the engine's tool, model and notifier names when `engine` is
 * given); on failure the next call shows the previous draft and the numbered issues. With
 * `stepIds`, only those steps of `base` may change, and that is verified. Step ids the model left
 * out are filled by the validator; a missing workflow id is taken from `base` or derived from
 * the name. Nothing is saved.
 *
 * Throws `INVALID_ARGUMENT` (before any model call) for input over the limits or bad `stepIds`,
 * `DRAFT_FAILED` with `details.issues` (the last issues), `details.attempts` and
 * `details.lastText` when no valid draft came back, `MODEL_FAILED` when the model call fails,
 * `CANCELLED` when `abortSignal` fires.
 *
 * @example
 * ```ts
 * const { workflow, attempts } = await draftWorkflow({ model, prompt: 'Every morning, summarise new GitHub issues and post the summary.', engine })
 * await engine.workflows.save(workflow)
 * ```
 */
export async function draftWorkflow(options: DraftWorkflowOptions): Promise<DraftWorkflowResult> {
  const input = checkDraftInput(options)
  const system = draftSystemPrompt(options.catalog)
  const names = catalogNames(options.catalog)
  const validate = (doc: unknown): ValidationResult => (options.engine === undefined ? validateWorkflow(doc, names) : options.engine.workflows.validate(doc))
  let shownBase: unknown = input.base
  if (input.base !== undefined && input.baseId === undefined) {
    const { id: _derived, ...rest } = input.base
    shownBase = rest
  }
  let feedback: DraftFeedback | undefined
  let lastIssues: ValidationIssue[] = []
  let lastText = ''
  for (let attempt = 1; attempt <= input.maxAttempts; attempt += 1) {
    if (options.abortSignal?.aborted === true) throw cancelled(options.abortSignal)
    const prompt = draftUserPrompt({ prompt: options.prompt, instruction: options.instruction, base: shownBase, stepIds: input.stepIds, feedback })
    lastText = await generateDraftText({ model: options.model, system, prompt, maxRetries: options.maxRetries, abortSignal: options.abortSignal })
    const extracted = extractJson(lastText)
    if (!extracted.ok) {
      lastIssues = [{ path: '', code: 'invalid_json', message: extracted.message, hint: 'Reply with the complete workflow as one JSON object.' }]
      feedback = { kind: 'no-json', message: extracted.message }
      continue
    }
    const result = validate(withWorkflowId(extracted.value, input))
    if (!result.ok) {
      lastIssues = result.issues
      feedback = { kind: 'issues', draft: extracted.value, issues: result.issues }
      continue
    }
    if (input.stepIds !== undefined && input.base !== undefined) {
      const issues = verifyPreservedSteps(input.base, result.workflow, input.stepIds, input.baseId === undefined)
      if (issues.length > 0) {
        lastIssues = issues
        feedback = { kind: 'issues', draft: result.workflow, issues }
        continue
      }
    }
    return { workflow: result.workflow, attempts: attempt }
  }
  const count = lastIssues.length
  throw new StepwiseError(
    'DRAFT_FAILED',
    `No valid workflow after ${input.maxAttempts} attempt${input.maxAttempts === 1 ? '' : 's'}; the last draft has ${count} issue${count === 1 ? '' : 's'}:\n${formatIssues(lastIssues.slice(0, 5))}`,
    { details: { issues: lastIssues, attempts: input.maxAttempts, lastText: lastText.slice(0, MAX_LAST_TEXT) } },
  )
}
