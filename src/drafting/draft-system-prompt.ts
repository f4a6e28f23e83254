/**
 * @module
 * The system prompt of `draftWorkflow`: a concise guide to the workflow language (condensed from
 * docs/workflow-language.md), the host's names, and the JSON Schema.
 */
import { workflowJsonSchema } from '../validate.js'
import type { DraftCatalog } from './draft-types.js'

/** The language guide taught to drafting models. Keep it in step with docs/workflow-language.md. */
export const DRAFT_LANGUAGE_GUIDE = `You write workflows for stepwise, a workflow engine. A workflow is one JSON document.

# Document
{ "id": "kebab-case-id", "name": "…", "description": "…", "variables": {…}, "defaults": {…}, "failureNotify": "…", "steps": [ … ] }
- variables: typed inputs, e.g. { "repo": { "type": "string", "required": true, "description": "owner/name" }, "dryRun": { "type": "boolean", "default": false } }. Types: string, number, boolean, array, object, any.
- defaults: { "timeoutMs": 60000, "retry": { "maxAttempts": 3, "backoffMs": 1000, "factor": 2 } } for every step that sets none.
- Unknown fields are errors. Steps in every block run in the order written.

# Common step fields
id (unique in the whole document, [A-Za-z0-9_-], snake_case or kebab-case; give every step one), type, name, description,
if (condition; the step is skipped when false), outputVariable (publish the output as outputs.<name>; default outputs.<id>),
timeoutMs, retry { maxAttempts, backoffMs, factor, maxBackoffMs, jitter }, onError ("fail" default, or "continue").

# Step types
- agent_prompt: prompt (template), system, persona, model (host model name; default "default"), fallbackModels, tools (allow-list of host tool names; without it the agent has no tools), thread, maxSteps (1–50), outputSchema, timeoutMs (default 300000, at most 900000). Output: { response, … }; outputs.<name> gets the response text, or the parsed object when outputSchema is set. outputSchema is a JSON Schema with "type": "object" or the flat form { "score": { "type": "number", "description": "…" } }. The agent runs unattended: it cannot ask the user questions. Use outputSchema for data later steps need, an approval step for a human decision, variables for inputs.
- tool: tool (host tool name), arguments (object; strings at any depth are templates). Output: the tool's result.
- notify: target (host notifier name, default "default"), content (template). Use it to tell people the result.
- bash: command (template), cwd, env, timeoutMs (default 120000). Only when the user asks for shell commands: the host must enable a shell. Never splice values into the command: {{ }} values reach the shell as environment variables.
- conditional: condition, then (steps), else (steps). Output: { condition, branch }.
- loop: over (expression giving an array, or an inline array), itemVar (default "item"), indexVar (default "index"), steps (the body), concurrency (default 1), maxIterations. The item is loop.item or variables.<itemVar>. Output: { iterations, results }.
- parallel: branches (array of step arrays, run at the same time). Output: { branches }.
- approval: prompt (template), approvers, timeoutMs, onTimeout ("deny" default, "approve", "fail"), onDeny ("cancel" default: the run ends; "continue": the step completes with approved: false; "fail"). Output: { approved, decision, by, comment, decidedAt }.
- wait: durationMs, or until (expression giving an ISO time). Durable.
- set: values (object; string values are expressions, other JSON values literals). Each key is published as outputs.<key>.
- end: status ("completed" or "failed"), output (templates), error (template). Ends the run.

# Data, expressions and templates
Expressions are JSONata and see { variables, outputs, loop, steps, execution }. steps.<id> is { status, output, error }.
- Expression fields (condition, if, over, until, set.values) take raw JSONata: outputs.review.score > 0.8 and variables.dryRun = false
- Text fields (prompt, system, content, command, strings in arguments) are templates: "Summarise {{outputs.fetch.body}}". A string that is exactly one {{ expr }} keeps the value's type (object, number, array).
- Paths: {{variables.repo}}, {{outputs.plan.items}}, {{loop.item.title}}, {{outputs.list.0}}.
- JSONata operators: and, or, =, !=, $not(x), $count(xs), $exists(x). Never JavaScript (&&, ||, ===, !x). $eval is not available.

# Threads
agent_prompt steps share the run's default conversation. thread: "<name>" shares a named conversation between steps naming it; thread: "@new" starts a fresh one.

# Limits
A run visits at most 500 steps and 1,000 loop iterations; one step output at most 256 KiB. Keep workflows small and direct.

# Answer
Reply with the complete workflow as one JSON object, in a \`\`\`json block or bare. No comments, no trailing commas, nothing after it.`

function namesOf(tools: DraftCatalog['tools']): string[] {
  if (tools === undefined) return []
  if (Array.isArray(tools)) return [...(tools as readonly string[])]
  const map = tools as Readonly<Record<string, { readonly description?: string }>>
  return Object.keys(map).map((name) => {
    const description = map[name]?.description
    return typeof description === 'string' && description !== '' ? `${name}: ${description.replace(/\s+/g, ' ').slice(0, 200)}` : name
  })
}

function catalogSection(catalog: DraftCatalog | undefined): string {
  if (catalog === undefined) return ''
  const lines: string[] = []
  const tools = namesOf(catalog.tools)
  if (catalog.tools !== undefined) lines.push(tools.length === 0 ? 'Tools: none. Do not use tool steps or agent_prompt tools.' : `Tools (use only these names):\n${tools.map((line) => `- ${line}`).join('\n')}`)
  if (catalog.models !== undefined) lines.push(`Models (agent_prompt.model): ${catalog.models.length === 0 ? 'only the default' : catalog.models.join(', ')}`)
  if (catalog.notifiers !== undefined) lines.push(`Notifier targets (notify.target): ${catalog.notifiers.length === 0 ? 'none' : catalog.notifiers.join(', ')}`)
  return lines.length === 0 ? '' : `\n\n# What this host has\n${lines.join('\n')}`
}

const SAFE_INTEGER_MAX = Number.MAX_SAFE_INTEGER

/** `workflowJsonSchema` as compact JSON, without keys that carry no information for a model. */
function compactSchema(): string {
  return JSON.stringify(workflowJsonSchema, (key, value: unknown) => {
    if (key === '$schema' && typeof value === 'string') return undefined
    if (key === 'maximum' && value === SAFE_INTEGER_MAX) return undefined
    if (key === 'propertyNames' && typeof value === 'object' && value !== null && JSON.stringify(value) === '{"type":"string"}') return undefined
    return value
  })
}

let schemaText: string | undefined

/** The system prompt of a drafting call: the guide, the host's names, and the JSON Schema. */
export function draftSystemPrompt(catalog?: DraftCatalog): string {
  schemaText ??= compactSchema()
  return `${DRAFT_LANGUAGE_GUIDE}${catalogSection(catalog)}\n\n# JSON Schema of a workflow document\n${schemaText}`
}
