/**
 * @module
 * `buildChatRenderPlan`: a host's chat messages and a workflow's step records merged into one
 * timeline. Pure; no React.
 */
import type { StepRecord } from '../index.js'
import { groupAttempts, stepInstanceKey } from './step-instance.js'

/** The least a chat message needs: an id, and ideally a time (`createdAt`, or `metadata.createdAt`). */
export interface ChatMessageLike {
  /** Message id. */
  id: string
  /** When it was sent: a `Date`, an ISO string, or epoch ms (or seconds). */
  createdAt?: Date | string | number
  /** Host data; `toUIMessageStream` puts the step back-pointers here. */
  metadata?: unknown
}

/** The step instance a message belongs to (the `metadata` of `toUIMessageStream`'s messages). */
export interface StepPointer {
  /** The execution. */
  executionId: string
  /** The step. */
  stepId: string
  /** Its iteration path (`''` at top level). */
  iterationPath: string
  /** Its step type, when known. */
  stepType?: string
}

/** Options of {@link buildChatRenderPlan}. */
export interface ChatRenderPlanOptions<M extends ChatMessageLike> {
  /** A message's time in epoch ms. Default: `createdAt`, else `metadata.createdAt`; a message without a time keeps its place after the one before it. */
  timeOf?: (message: M) => number | undefined
  /** The step a message belongs to. Default: `metadata` with string `executionId` and `stepId`. */
  stepOf?: (message: M) => StepPointer | undefined
  /** Step types shown as containers that hold their messages and turns (default `['agent_prompt']`). */
  containerTypes?: readonly string[]
  /** Leave out step instances (and their messages) whose latest attempt fails this test, e.g. loop and parallel cards. */
  includeStep?: (step: StepRecord) => boolean
}

/** A run of consecutive chat messages that belong to no step. */
export interface MessagesItem<M> {
  /** Discriminator. */
  kind: 'messages'
  /** Stable React key (`messages:<first id>`). */
  key: string
  /** The messages, in order. */
  messages: M[]
}

/** A step instance: a card (`step`) or, for agent steps, a container (`step-container`). */
export interface StepItem<M> {
  /** `step-container` for container types (`agent_prompt`), else `step`. */
  kind: 'step' | 'step-container'
  /** Stable React key: `<executionId>/<stepId>@<iterationPath>`. */
  key: string
  /** The execution. */
  executionId: string
  /** The step. */
  stepId: string
  /** Its type (from the record, else from a message's pointer; `''` when neither says). */
  stepType: string
  /** Its iteration path: each loop iteration and parallel branch is its own item. */
  iterationPath: string
  /** The latest attempt's record (`undefined` when only messages name the step so far). */
  step: StepRecord | undefined
  /** Every attempt's record, oldest first. */
  attempts: StepRecord[]
  /** The chat messages that belong to this step instance, in order. */
  messages: M[]
}

/** One entry of the render plan. */
export type ChatRenderItem<M> = MessagesItem<M> | StepItem<M>

/** Reads a time as epoch ms: `Date`, ISO string, epoch ms, or epoch seconds (below 10¹¹). */
export function toEpochMs(value: unknown): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime()
  if (typeof value === 'number') return Number.isFinite(value) ? (Math.abs(value) < 1e11 ? value * 1000 : value) : undefined
  if (typeof value === 'string') {
    const ms = Date.parse(value)
    return Number.isNaN(ms) ? undefined : ms
  }
  return undefined
}

function defaultTimeOf(message: ChatMessageLike): number | undefined {
  const own = toEpochMs(message.createdAt)
  if (own !== undefined) return own
  const metadata = message.metadata
  return typeof metadata === 'object' && metadata !== null ? toEpochMs((metadata as { createdAt?: unknown }).createdAt) : undefined
}

function defaultStepOf(message: ChatMessageLike): StepPointer | undefined {
  const metadata = message.metadata
  if (typeof metadata !== 'object' || metadata === null) return undefined
  const { executionId, stepId, iterationPath, stepType } = metadata as Record<string, unknown>
  if (typeof executionId !== 'string' || typeof stepId !== 'string') return undefined
  const pointer: StepPointer = { executionId, stepId, iterationPath: typeof iterationPath === 'string' ? iterationPath : '' }
  if (typeof stepType === 'string') pointer.stepType = stepType
  return pointer
}

interface Entry<M> {
  time: number
  message?: M
  item?: StepItem<M>
}

/**
 * Merges chat messages and step records into one list ordered by time (ties keep messages
 * first, then steps in the order given). Every step instance — each loop iteration and parallel
 * branch separately — appears once, at the earliest of its first attempt's start and its first
 * message. Agent steps become containers holding their messages (prompt, streamed turns);
 * other steps become cards. Messages that belong to no step are grouped in runs.
 */
export function buildChatRenderPlan<M extends ChatMessageLike>(messages: readonly M[], steps: readonly StepRecord[], options: ChatRenderPlanOptions<M> = {}): ChatRenderItem<M>[] {
  const timeOf = options.timeOf ?? defaultTimeOf
  const stepOf = options.stepOf ?? defaultStepOf
  const containers = new Set(options.containerTypes ?? ['agent_prompt'])
  const items = new Map<string, Entry<M> & { item: StepItem<M> }>()
  const entries: Entry<M>[] = []
  const itemFor = (pointer: StepPointer, key: string, time: number, attempts: StepRecord[]): StepItem<M> => {
    const known = items.get(key)
    if (known !== undefined) return known.item
    const stepType = attempts[0]?.stepType ?? pointer.stepType ?? ''
    const item: StepItem<M> = { kind: containers.has(stepType) ? 'step-container' : 'step', key, executionId: pointer.executionId, stepId: pointer.stepId, stepType, iterationPath: pointer.iterationPath, step: attempts[attempts.length - 1], attempts, messages: [] }
    const entry = { time, item }
    items.set(key, entry)
    entries.push(entry)
    return item
  }

  let previous = Number.NEGATIVE_INFINITY
  for (const message of messages) {
    const time = timeOf(message) ?? previous
    previous = time
    const pointer = stepOf(message)
    if (pointer === undefined) {
      entries.push({ time, message })
      continue
    }
    const key = stepInstanceKey(pointer.executionId, pointer.stepId, pointer.iterationPath)
    itemFor(pointer, key, time, []).messages.push(message)
  }
  const include = options.includeStep
  for (const [key, attempts] of groupAttempts(steps)) {
    const first = attempts[0]
    if (include !== undefined && !include(attempts[attempts.length - 1])) {
      items.delete(key)
      continue
    }
    const time = toEpochMs(first.startedAt) ?? Number.POSITIVE_INFINITY
    const entry = items.get(key)
    if (entry === undefined) {
      itemFor(first, key, time, attempts)
      continue
    }
    const { item } = entry
    item.attempts = attempts
    item.step = attempts[attempts.length - 1]
    item.stepType = item.step.stepType
    item.kind = containers.has(item.stepType) ? 'step-container' : 'step'
    if (time < entry.time) entry.time = time
  }

  const ordered = entries.map((entry, index) => ({ entry, index })).sort((a, b) => a.entry.time - b.entry.time || a.index - b.index)
  const plan: ChatRenderItem<M>[] = []
  for (const { entry } of ordered) {
    if (entry.item !== undefined) {
      if (items.get(entry.item.key) === entry) plan.push(entry.item)
      continue
    }
    const message = entry.message as M
    const last = plan[plan.length - 1]
    if (last?.kind === 'messages') last.messages.push(message)
    else plan.push({ kind: 'messages', key: `messages:${message.id}`, messages: [message] })
  }
  return plan
}
