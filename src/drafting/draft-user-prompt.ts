/**
 * @module
 * `draftUserPrompt`: the user message of one drafting attempt.
 */
import type { ValidationIssue } from '../language/workflow-types.js'

/** Issues listed to the model at most; the rest are counted. */
const MAX_LISTED_ISSUES = 30

/** What the previous attempt produced, when this is a retry. */
export type DraftFeedback =
  | { kind: 'issues'; draft: unknown; issues: readonly ValidationIssue[] }
  | { kind: 'no-json'; message: string }

/** Input of {@link draftUserPrompt}. */
export interface DraftUserPromptInput {
  /** The caller's request. */
  prompt: string
  /** The caller's short extra instruction. */
  instruction?: string
  /** The workflow to change, as shown to the model. */
  base?: unknown
  /** The steps that may change. */
  stepIds?: readonly string[]
  /** The previous attempt's outcome. */
  feedback?: DraftFeedback
}

function fenced(value: unknown): string {
  return `\`\`\`json\n${JSON.stringify(value, null, 2)}\n\`\`\``
}

/** Numbered issues: `1. /steps/2/over: message Hint: …`. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  const lines = issues.slice(0, MAX_LISTED_ISSUES).map((issue, index) => {
    const hint = issue.hint === undefined || issue.hint === '' ? '' : ` Hint: ${issue.hint}`
    return `${index + 1}. ${issue.path === '' ? '/' : issue.path}: ${issue.message}${hint}`
  })
  if (issues.length > MAX_LISTED_ISSUES) lines.push(`… and ${issues.length - MAX_LISTED_ISSUES} more.`)
  return lines.join('\n')
}

/**
 * Builds the user message: the request, the base (or, on a retry without `stepIds`, the previous
 * draft instead), the scope of a step edit, and the numbered issues of the previous attempt.
 */
export function draftUserPrompt(input: DraftUserPromptInput): string {
  const parts: string[] = []
  const request = input.prompt.trim()
  if (request !== '') parts.push(request)
  if (input.instruction !== undefined && input.instruction.trim() !== '') parts.push(`Instruction: ${input.instruction.trim()}`)
  const scoped = input.stepIds !== undefined && input.stepIds.length > 0
  const showBase = input.base !== undefined && (scoped || input.feedback?.kind !== 'issues')
  if (showBase) parts.push(`The workflow to change:\n${fenced(input.base)}`)
  if (scoped) {
    const ids = (input.stepIds as readonly string[]).map((id) => `\`${id}\``).join(', ')
    parts.push(
      `Change only the steps ${ids} (and the steps nested inside them). You may replace or remove them and add new steps next to or inside them. ` +
        'Copy every other step and every top-level field exactly as it is, with the same ids, and return the complete workflow.',
    )
  } else if (input.base !== undefined) {
    parts.push('Return the complete changed workflow. Keep the ids of the steps you do not change.')
  }
  const feedback = input.feedback
  if (feedback?.kind === 'issues') {
    parts.push(`Your previous draft:\n${fenced(feedback.draft)}`)
    parts.push(`It has ${feedback.issues.length === 1 ? 'this problem' : `these ${feedback.issues.length} problems`}:\n${formatIssues(feedback.issues)}`)
    parts.push('Fix every problem and reply with the complete corrected workflow as one JSON object.')
  } else if (feedback?.kind === 'no-json') {
    parts.push(`Reminder: your previous reply could not be used (${feedback.message}). Reply with the complete workflow as one JSON object, in a \`\`\`json block or bare, and nothing else.`)
  } else {
    parts.push('Reply with the complete workflow as one JSON object.')
  }
  return parts.join('\n\n')
}
