/**
 * @module
 * Interactive tools ask the user something. A workflow has nobody to answer, so an
 * `agent_prompt` step whose model calls one fails with a clear error.
 *
 * A tool is interactive when
 * - it is marked `interactive: true` (a property on the tool object), or
 * - it has no `execute` function and is not provider-executed (in the AI SDK, such a tool is
 *   answered by the user in the chat UI), or
 * - it is named `question`, `ask_user` or `askUser`.
 *
 * A tool whose AI SDK `needsApproval` asks for a human approval during the step fails the same
 * way; use an `approval` step before the agent step instead.
 */
import { StepwiseError } from '../../errors/stepwise-error.js'
import type { ToolMap } from '../../engine/services.js'

/** Tool names that are interactive whatever their definition. */
export const INTERACTIVE_TOOL_NAMES: ReadonlySet<string> = new Set(['question', 'ask_user', 'askUser'])

/** Whether a tool asks the user (see the module doc for the rule). */
export function isInteractiveTool(name: string, tool: object): boolean {
  const record = tool as { interactive?: unknown; execute?: unknown; type?: unknown }
  if (record.interactive === true || INTERACTIVE_TOOL_NAMES.has(name)) return true
  return typeof record.execute !== 'function' && record.type !== 'provider'
}

/** The step failure when the agent tries to ask the user through an interactive tool. */
export function interactiveToolError(toolName: string, input: unknown, why = 'asks the user'): StepwiseError {
  let question = ''
  if (typeof input === 'string') question = input
  else if (typeof input === 'object' && input !== null) {
    const fields = input as Record<string, unknown>
    const text = fields.question ?? fields.prompt ?? fields.message ?? fields.text
    question = typeof text === 'string' ? text : JSON.stringify(input)
  }
  const quoted = question === '' ? '' : ` ("${question.length > 200 ? `${question.slice(0, 200)}…` : question}")`
  return new StepwiseError(
    'TOOL_FAILED',
    `The agent called the interactive tool "${toolName}"${quoted}, which ${why}: a workflow cannot ask questions. Remove the tool from the step's \`tools\`, or put the answer in the prompt.`,
    { retryable: false, details: { tool: toolName, reason: 'interactive_tool', ...(question === '' ? {} : { question }) } },
  )
}

/** The tools as given to the model: interactive ones without `execute`, so they never run. */
export function withoutInteractiveExecute(tools: ToolMap): { tools: ToolMap; interactive: Set<string> } {
  const interactive = new Set<string>()
  const result: ToolMap = {}
  for (const [name, tool] of Object.entries(tools)) {
    if (!isInteractiveTool(name, tool)) {
      result[name] = tool
      continue
    }
    interactive.add(name)
    const copy = { ...tool }
    delete (copy as { execute?: unknown }).execute
    result[name] = copy
  }
  return { tools: result, interactive }
}
