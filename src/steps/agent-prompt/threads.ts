/**
 * @module
 * Conversation threads of `agent_prompt` steps. A thread's history is rebuilt from the journal:
 * each completed agent step stores the messages its turn added under `output.thread`, so a
 * thread survives approvals, restarts and other processes. No `thread` (or `@default`) is the
 * execution's default thread; `@new` is a fresh conversation that is not stored.
 */
import type { AgentMessage } from '../../adapters/model/agent-runner.js'
import type { StepRecord } from '../../engine/records.js'
import { StepwiseError } from '../../errors/stepwise-error.js'

/** Name of the execution's default thread (a step without `thread`). */
export const DEFAULT_THREAD = '@default'
/** The `thread` value asking for a fresh conversation. */
export const NEW_THREAD = '@new'
/** Above this size (JSON characters), a turn's stored messages keep only the prompt and the final text. */
export const MAX_THREAD_MESSAGES_CHARS = 64 * 1024

/** What an agent step's output stores about its thread. */
export interface ThreadEntry {
  /** Thread name (`@default` for the default thread). */
  name: string
  /** Position in the thread (1 + the highest position the step saw). */
  seq: number
  /** The messages this step added: its user message, then the model's replies and tool results. */
  messages: AgentMessage[]
}

/** The thread a step uses, or `undefined` for `@new`. */
export function threadNameOf(thread: string | undefined): string | undefined {
  if (thread === undefined || thread.trim() === '' || thread === DEFAULT_THREAD) return DEFAULT_THREAD
  return thread === NEW_THREAD ? undefined : thread
}

function entryOf(row: StepRecord): ThreadEntry | undefined {
  if (row.stepType !== 'agent_prompt' || (row.status !== 'completed' && row.status !== 'skipped')) return undefined
  const thread = (row.output as { thread?: ThreadEntry } | undefined)?.thread
  return thread !== undefined && typeof thread.name === 'string' && Array.isArray(thread.messages) ? thread : undefined
}

/**
 * The history of a thread from the journal, oldest first (by position, then end time, then step
 * id), and the position this step's entry gets.
 */
export function threadHistory(journal: readonly StepRecord[], name: string, self: { stepId: string; iterationPath: string }): { messages: AgentMessage[]; seq: number } {
  const rows: { row: StepRecord; entry: ThreadEntry }[] = []
  for (const row of journal) {
    if (row.stepId === self.stepId && row.iterationPath === self.iterationPath) continue
    const entry = entryOf(row)
    if (entry !== undefined && entry.name === name) rows.push({ row, entry })
  }
  rows.sort((a, b) => a.entry.seq - b.entry.seq || (a.row.endedAt ?? '').localeCompare(b.row.endedAt ?? '') || a.row.stepId.localeCompare(b.row.stepId) || a.row.iterationPath.localeCompare(b.row.iterationPath))
  const messages: AgentMessage[] = []
  let seq = 0
  for (const { entry } of rows) {
    messages.push(...entry.messages)
    seq = Math.max(seq, entry.seq)
  }
  return { messages, seq: seq + 1 }
}

/** The thread entry a completed step stores; oversized tool traffic is dropped, keeping the prompt and the final text. */
export function threadEntry(name: string, seq: number, messages: AgentMessage[], userText: string, finalText: string): ThreadEntry {
  const size = JSON.stringify(messages).length
  if (size <= MAX_THREAD_MESSAGES_CHARS) return { name, seq, messages }
  return { name, seq, messages: [{ role: 'user', content: userText }, { role: 'assistant', content: finalText }] }
}

interface RunningTurn {
  stepId: string
  controller: AbortController
}

const running = new Map<string, Set<RunningTurn>>()

/**
 * Registers a step's turn on a thread (in this process) and returns the signal that aborts it
 * when a later step with `interrupt: true` takes the thread. With `interrupt`, aborts the turns
 * already running on the thread first.
 */
export function claimThread(executionId: string, name: string, stepId: string, interrupt: boolean): { signal: AbortSignal; release(): void } {
  const key = `${executionId}\u0000${name}`
  let turns = running.get(key)
  if (interrupt && turns !== undefined) {
    for (const turn of turns) {
      turn.controller.abort(new StepwiseError('MODEL_FAILED', `The turn on thread "${name}" was interrupted by step ${stepId} (interrupt: true).`, { retryable: false, details: { reason: 'interrupted', by: stepId, thread: name } }))
    }
    turns.clear()
  }
  if (turns === undefined) {
    turns = new Set()
    running.set(key, turns)
  }
  const own: RunningTurn = { stepId, controller: new AbortController() }
  turns.add(own)
  const set = turns
  return {
    signal: own.controller.signal,
    release() {
      set.delete(own)
      if (set.size === 0 && running.get(key) === set) running.delete(key)
    },
  }
}
