/**
 * @module
 * Schema of the `agent_prompt` step: one model turn (with tools) streamed into the host's chat.
 */
import { z } from 'zod'
import { unknownNameHint } from '../../language/name-suggestions.js'
import { checkOutputSchema } from '../../language/output-schema.js'
import { baseExpressionFields, stepBaseShape, stringField, timeoutSchema } from '../../language/step-base-schema.js'
import type { StepSchemaSpec } from '../../language/step-schema-spec.js'
import type { StepBase, ValidationIssue } from '../../language/workflow-types.js'

/** Input spellings of `prompt`, in order of precedence. Exactly one may be given. */
export const PROMPT_ALIASES = ['prompt', 'content', 'message', 'goal'] as const

/** Runs one agent turn: a prompt to a model, with an allow-list of tools. */
export interface AgentPromptStep extends StepBase {
  /** Discriminator. */
  type: 'agent_prompt'
  /** The prompt (template). Input may spell it `content`, `message` or `goal`; validation normalises to `prompt`. */
  prompt: string
  /** System instructions (template). */
  system?: string
  /** Name of a host persona (its text becomes the system prompt). */
  persona?: string
  /** Name in the host's model map (default `default`). */
  model?: string
  /** Models tried in order on retriable provider errors. */
  fallbackModels?: string[]
  /** Allow-list of host tool names; without it the agent gets no tools. */
  tools?: string[]
  /** Conversation: absent = the execution's default thread, a name = shared by every step naming it, `@new` = fresh. */
  thread?: string
  /** Maximum model/tool round trips (1–50). */
  maxSteps?: number
  /** Structured output: JSON Schema (`type: "object"`) or flat `{ field: { type, description? } }`. */
  outputSchema?: Record<string, unknown>
  /** Abort a turn already running on the same thread before sending. */
  interrupt?: boolean
}

function promptKeys(step: object): string[] {
  return PROMPT_ALIASES.filter((key) => (step as Record<string, unknown>)[key] !== undefined)
}

function checkNames(values: unknown, path: string, known: readonly string[] | undefined, code: string, label: string): ValidationIssue[] {
  if (known === undefined) return []
  const list = typeof values === 'string' ? [[path, values] as const] : Array.isArray(values) ? values.map((value, index) => [`${path}/${index}`, value] as const) : []
  return list
    .filter(([, name]) => typeof name === 'string' && !known.includes(name))
    .map(([itemPath, name]) => ({ path: itemPath, code, message: `Unknown ${label.replace(/s$/, '')} \`${String(name)}\`.`, hint: unknownNameHint(String(name), label, known) }))
}

/** Schema spec of {@link AgentPromptStep}. */
export const agentPromptStepSchema: StepSchemaSpec<AgentPromptStep> = {
  type: 'agent_prompt',
  schema: () =>
    z.strictObject({
      ...stepBaseShape('agent_prompt'),
      prompt: z.string().min(1).optional().describe('The prompt (template with {{ }}). Exactly one of prompt/content/message/goal.'),
      content: z.string().min(1).optional().describe('Alias of prompt.'),
      message: z.string().min(1).optional().describe('Alias of prompt.'),
      goal: z.string().min(1).optional().describe('Alias of prompt.'),
      system: z.string().optional().describe('System instructions (template).'),
      persona: z.string().min(1).optional().describe('Host persona name.'),
      model: z.string().min(1).optional().describe('Model name in the host model map (default "default").'),
      fallbackModels: z.array(z.string().min(1)).optional().describe('Models tried in order on retriable provider errors.'),
      tools: z.array(z.string().min(1)).optional().describe('Allow-list of host tool names.'),
      thread: z.string().optional().describe('Thread name; "@new" for a fresh conversation.'),
      maxSteps: z.number().int().min(1).max(50).optional().describe('Maximum model/tool round trips.'),
      outputSchema: z.record(z.string(), z.unknown()).optional().describe('JSON Schema (type "object") or flat {field: {type, description?}}.'),
      interrupt: z.boolean().optional(),
      timeoutMs: timeoutSchema(1000).optional().describe('Default 300000; clamped to [1000, 900000] at run time.'),
    }),
  blocks: () => [],
  expressions: (step) => [...baseExpressionFields(step), ...promptKeys(step).flatMap((key) => stringField(step, key, 'template')), ...stringField(step, 'system', 'template')],
  check(step, context) {
    const issues: ValidationIssue[] = []
    const keys = promptKeys(step)
    if (keys.length === 0) {
      issues.push({ path: '/prompt', code: 'missing_field', message: 'An agent_prompt step needs a `prompt`.', hint: '`content`, `message` and `goal` are accepted as aliases.' })
    } else if (keys.length > 1) {
      for (const key of keys.slice(1)) {
        issues.push({ path: `/${key}`, code: 'invalid_field', message: `Give only one of ${keys.map((k) => `\`${k}\``).join(', ')}: they are spellings of the same prompt.` })
      }
    }
    if (step.outputSchema !== undefined && typeof step.outputSchema === 'object' && step.outputSchema !== null && !Array.isArray(step.outputSchema)) {
      issues.push(...checkOutputSchema(step.outputSchema, '/outputSchema'))
    }
    issues.push(...checkNames(step.model, '/model', context.models, 'unknown_model', 'models'))
    issues.push(...checkNames(step.fallbackModels, '/fallbackModels', context.models, 'unknown_model', 'models'))
    issues.push(...checkNames(step.tools, '/tools', context.tools, 'unknown_tool', 'tools'))
    return issues
  },
  normalize(step) {
    const record = step as unknown as Record<string, unknown>
    const key = promptKeys(step)[0]
    if (key === undefined || key === 'prompt') return step
    const entries = Object.entries(record)
      .filter(([name]) => name === key || !(PROMPT_ALIASES as readonly string[]).includes(name))
      .map(([name, value]) => [name === key ? 'prompt' : name, value])
    return Object.fromEntries(entries) as AgentPromptStep
  },
}
