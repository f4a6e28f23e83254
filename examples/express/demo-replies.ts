/**
 * @module
 * What the studio's scripted demo model answers: a workflow when it is asked to draft one (built
 * from the sentence), a value matching the schema of structured steps, and otherwise a short
 * reply that says it comes from the demo model.
 */
import type { ScriptedCall, ScriptedReply } from '../../src/adapters/model/scripted-model.js'
import { demoReply } from '../../src/cli/demo-model.js'

/** The first line of `draftWorkflow`'s system prompt (docs/drafting-workflows.md). */
const DRAFTING_SYSTEM = 'You write workflows for stepwise'

function firstParagraph(text: string): string {
  return (text.split(/\n\s*\n/)[0] ?? '').trim()
}

function shorten(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line
}

function fencedJson(text: string): unknown {
  const match = /```json\n([\s\S]*?)\n```/.exec(text)
  if (match === null) return undefined
  try {
    return JSON.parse(match[1])
  } catch {
    return undefined
  }
}

/**
 * A small valid workflow for a sentence: an agent step that works on it and a notification of
 * the result. Refining an existing workflow returns it unchanged (the demo model cannot edit).
 */
export function draftFromSentence(sentence: string): Record<string, unknown> {
  const request = shorten(sentence, 400) || 'Summarise a topic'
  const name = shorten(request.charAt(0).toUpperCase() + request.slice(1), 60)
  return {
    name,
    description: `Drafted by the demo model from: “${request}”`,
    variables: { topic: { type: 'string', default: request, description: 'What to work on' } },
    steps: [
      { id: 'work', name: 'Work on it', type: 'agent_prompt', system: 'You are a helpful assistant. Answer briefly.', prompt: 'Do this and report back: {{variables.topic}}' },
      { id: 'tell', name: 'Share the result', type: 'notify', target: 'default', content: 'Done: {{outputs.work}}' },
    ],
  }
}

function textReply(call: ScriptedCall): string {
  const asked = shorten(firstParagraph(call.lastUserText), 90)
  if (/first reply/i.test(call.lastUserText)) {
    return (
      'Hi, and thanks for the detailed report! I can reproduce the crash with an empty config file. ' +
      'A fix that falls back to the defaults and prints a friendly message is on its way. ' +
      '(Demo model — scripted reply.)'
    )
  }
  if (/digest/i.test(call.lastUserText)) {
    return '• 3 commits landed, including a crash fix for empty config files\n• YAML config support was requested\n• A typo in the guide was reported\n(Demo model — scripted reply.)'
  }
  return `This is the demo model: a scripted reply, streamed word by word like a real model, to “${asked}”. Set OPENAI_API_KEY to use a real model.`
}

/** Friendlier strings than "<key> from the demo model" for the fields the samples ask for. */
const DEMO_FIELDS: Readonly<Record<string, string>> = {
  summary: 'The CLI crashes on an empty config file instead of falling back to the defaults',
  note: 'Changes start-up behaviour that every command depends on',
}

function structuredReply(call: ScriptedCall): ScriptedReply {
  const reply = demoReply(call)
  if (typeof reply !== 'object' || !('json' in reply) || typeof reply.json !== 'object' || reply.json === null) return reply
  const value = { ...(reply.json as Record<string, unknown>) }
  for (const [key, text] of Object.entries(DEMO_FIELDS)) if (typeof value[key] === 'string') value[key] = text
  return { json: value }
}

/** The demo model's answer to one call (see the module description). */
export function studioReply(call: ScriptedCall): ScriptedReply {
  if (call.system?.startsWith(DRAFTING_SYSTEM) === true) {
    const base = /The workflow to change:/.test(call.lastUserText) ? fencedJson(call.lastUserText) : undefined
    const draft = base ?? draftFromSentence(firstParagraph(call.lastUserText))
    return { text: `\`\`\`json\n${JSON.stringify(draft, null, 2)}\n\`\`\`` }
  }
  if (call.responseFormat?.type === 'json') return structuredReply(call)
  return textReply(call)
}
