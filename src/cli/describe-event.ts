/**
 * @module
 * `describeEvent`: the tree line(s) one event prints (pure; the live tree adds indentation,
 * iteration headers, streamed text and the progress line).
 */
import type { StepwiseEvent, StepCompletedEvent } from '../engine/events.js'
import { duration, summarize, type Tone } from './text-style.js'

/** One line of the tree. */
export interface TreeLine {
  /** Indentation level (two spaces each). */
  level: number
  /** Status icon. */
  icon: string
  /** Colour of the icon. */
  tone: Tone
  /** The main text (step id, message). */
  text: string
  /** Dimmed details after the text. */
  detail?: string
}

/** Step types whose start gets its own line (containers, and steps that stream or wait). */
const ANNOUNCED = new Set(['loop', 'parallel', 'conditional', 'agent_prompt', 'approval', 'wait', 'bash'])

/** Indentation level of steps at `iterationPath`: two levels per iteration segment. */
export function levelOf(iterationPath: string): number {
  return iterationPath === '' ? 0 : iterationPath.split('/').length * 2
}

/** The header of one iteration path segment: `review #2`, `fanout branch 1`, `gate → then`. */
export function segmentLabel(segment: string): string {
  const match = /^(.*):(i|b)(\d+)$/.exec(segment)
  if (match !== null) return match[2] === 'i' ? `${match[1]} #${Number(match[3]) + 1}` : `${match[1]} branch ${Number(match[3]) + 1}`
  const branch = /^(.*):(then|else)$/.exec(segment)
  return branch === null ? segment : `${branch[1]} → ${branch[2]}`
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}

/** What a completed step's line says about its output, by step type. */
export function outputSummary(event: StepCompletedEvent): string | undefined {
  const output = record(event.output)
  switch (event.stepType) {
    case 'agent_prompt': {
      const usage = record(output.usage)
      const tokens = typeof usage.outputTokens === 'number' ? `${Number(usage.inputTokens ?? 0) + usage.outputTokens} tokens` : undefined
      return [typeof output.model === 'string' ? `model ${output.model}` : undefined, tokens].filter((part) => part !== undefined).join(' · ') || undefined
    }
    case 'conditional':
      return typeof output.branch === 'string' ? `→ ${output.branch}` : undefined
    case 'loop':
      return typeof output.iterations === 'number' ? `${output.iterations} iteration${output.iterations === 1 ? '' : 's'}` : undefined
    case 'parallel':
      return Array.isArray(output.branches) ? `${output.branches.length} branches` : undefined
    case 'approval':
      return `${output.approved === true ? 'approved' : String(output.decision ?? 'denied')}${typeof output.by === 'string' ? ` by ${output.by}` : ''}`
    case 'notify':
      return `→ ${String(output.target ?? 'default')}${output.delivered === false ? ' (not delivered)' : ''}`
    case 'wait':
      return typeof output.waitedMs === 'number' ? `waited ${duration(output.waitedMs)}` : undefined
    case 'bash':
      return `exit ${String(output.exitCode)}${typeof output.stdout === 'string' && output.stdout.trim() !== '' ? ` · ${summarize(output.stdout.trim(), 60)}` : ''}`
    default:
      return event.output === undefined ? undefined : summarize(event.output, 80)
  }
}

/** The lines `event` prints (none for events the live tree handles itself, like text deltas). */
export function describeEvent(event: StepwiseEvent): TreeLine[] {
  if (!('stepId' in event)) {
    if (event.type === 'execution.waiting' && event.waitingFor.kind === 'timer') {
      return [{ level: 0, icon: '⏸', tone: 'yellow', text: 'waiting', detail: `until ${event.waitingFor.until}` }]
    }
    return []
  }
  const level = levelOf(event.iterationPath)
  const step = event.stepId
  const attempt = event.attempt > 1 ? ` (attempt ${event.attempt})` : ''
  switch (event.type) {
    case 'step.started':
      return ANNOUNCED.has(event.stepType) ? [{ level, icon: '▸', tone: 'cyan', text: step, detail: `${event.stepType}${attempt}` }] : []
    case 'step.completed': {
      const summary = outputSummary(event)
      return [{ level, icon: '✓', tone: 'green', text: step, detail: [`${event.stepType}${attempt}`, summary, duration(event.durationMs)].filter(Boolean).join(' · ') }]
    }
    case 'step.failed':
      return [{ level, icon: '✗', tone: 'red', text: step, detail: `${event.stepType}${attempt} · ${event.error.code}: ${event.error.message}` }]
    case 'step.skipped':
      return [{ level, icon: '–', tone: 'dim', text: step, detail: `${event.stepType} · skipped (${event.reason === 'condition' ? 'if is false' : 'reused'})` }]
    case 'step.cancelled':
      return [{ level, icon: '⊘', tone: 'yellow', text: step, detail: `${event.stepType} · cancelled (${event.reason})` }]
    case 'step.retrying':
      return [{ level, icon: '↻', tone: 'yellow', text: step, detail: `${event.error.code}: ${event.error.message} · retry ${event.nextAttempt} in ${duration(event.delayMs)}` }]
    case 'step.waiting':
      return event.stepType === 'wait' && event.waitingFor.kind === 'timer' ? [{ level: level + 1, icon: '⏸', tone: 'yellow', text: 'waiting', detail: `until ${event.waitingFor.until}` }] : []
    case 'agent.turn.started':
      return event.cause === undefined ? [] : [{ level: level + 1, icon: '↻', tone: 'yellow', text: `${event.cause === 'failover' ? 'failover to' : 'repair with'} ${event.model}` }]
    case 'agent.tool.call':
      return [{ level: level + 1, icon: '⚙', tone: 'cyan', text: event.toolName, detail: summarize(event.input, 80) }]
    case 'agent.tool.result':
      return [{ level: level + 2, icon: event.isError === true ? '✗' : '↳', tone: event.isError === true ? 'red' : 'dim', text: summarize(event.output, 90) }]
    case 'agent.turn.finished':
      return event.reason === 'error' && event.error !== undefined ? [{ level: level + 1, icon: '✗', tone: 'red', text: `${event.error.code}: ${event.error.message}` }] : []
    case 'approval.requested': {
      const tool = event.tool === undefined ? undefined : `${event.tool.name}(${summarize(event.tool.arguments, 70)}) · risk ${event.tool.risk}`
      return [{ level: level + 1, icon: '?', tone: 'yellow', text: event.prompt, ...(tool === undefined ? {} : { detail: tool }) }]
    }
    case 'approval.decided': {
      const { decision } = event
      return [{ level: level + 1, icon: decision.approved ? '✓' : '✗', tone: decision.approved ? 'green' : 'red', text: decision.decision, detail: [decision.by && `by ${decision.by}`, decision.comment].filter(Boolean).join(' · ') }]
    }
    case 'approval.expired':
      return [{ level: level + 1, icon: '⌛', tone: 'yellow', text: 'approval expired', detail: `onTimeout: ${event.onTimeout}` }]
    case 'policy.denied':
      return [{ level: level + 1, icon: '⛔', tone: 'red', text: `${event.tool} refused`, detail: `${event.reason} · risk ${event.risk}` }]
    case 'notify.sent':
      return event.delivered ? [] : [{ level: level + 1, icon: '✉', tone: 'yellow', text: `not delivered to ${event.target}`, ...(event.error === undefined ? {} : { detail: event.error }) }]
    case 'expression.warning':
      return [{ level: level + 1, icon: '⚠', tone: 'yellow', text: `${event.field}: ${event.message}` }]
    default:
      return []
  }
}
