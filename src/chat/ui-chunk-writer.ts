/**
 * @module
 * The state machine behind `toUIMessageStream`: which message is open, open text and reasoning
 * parts, and the cards (step, turn, approval, execution) updated in place by part id.
 */
import type { StepwiseEvent } from '../engine/events.js'
import type { WaitingFor } from '../engine/records.js'
import type { ToUIMessageStreamOptions } from './to-ui-message-stream.js'
import type { WorkflowApprovalData, WorkflowExecutionData, WorkflowMessageMetadata, WorkflowStepData, WorkflowTurnData, WorkflowUIMessageChunk } from './ui-message-types.js'

type StepEvent = Extract<StepwiseEvent, { stepId: string }>

/** Event types that end the stream. */
export const TERMINAL_TYPES: ReadonlySet<string> = new Set(['execution.completed', 'execution.failed', 'execution.cancelled'])

function stepKey(event: { stepId: string; iterationPath: string }): string {
  return event.iterationPath === '' ? event.stepId : `${event.stepId}@${event.iterationPath}`
}

function publicWaitingFor(waitingFor: WaitingFor): NonNullable<WorkflowExecutionData['waitingFor']> {
  if (waitingFor.kind === 'timer') return { kind: 'timer', stepId: waitingFor.stepId, iterationPath: waitingFor.iterationPath, until: waitingFor.until }
  const result: NonNullable<WorkflowExecutionData['waitingFor']> = { kind: 'approval', stepId: waitingFor.stepId, iterationPath: waitingFor.iterationPath, prompt: waitingFor.prompt }
  if (waitingFor.expiresAt !== undefined) result.expiresAt = waitingFor.expiresAt
  return result
}

function cardOutput(stepType: string, output: unknown): unknown {
  if (stepType !== 'agent_prompt' || typeof output !== 'object' || output === null || !('thread' in output)) return output
  const { thread: _thread, ...rest } = output as Record<string, unknown>
  return rest
}

/** Turns events into chunks; one instance per stream. */
export class ChunkWriter {
  readonly out: WorkflowUIMessageChunk[] = []
  readonly #options: ToUIMessageStreamOptions
  #prefix = ''
  #started = false
  #current: string | undefined
  readonly #uses = new Map<string, number>()
  #text: { turnId: string; id: string } | undefined
  #reasoning: { turnId: string; id: string } | undefined
  #partCount = 0
  readonly #cards = new Map<string, WorkflowStepData>()
  readonly #turns = new Map<string, WorkflowTurnData>()
  readonly #approvals = new Map<string, WorkflowApprovalData>()
  #execution: WorkflowExecutionData | undefined

  constructor(options: ToUIMessageStreamOptions) {
    this.#options = options
  }

  #metadata(event: StepwiseEvent): WorkflowMessageMetadata {
    const metadata: WorkflowMessageMetadata = { executionId: event.executionId, workflowId: event.workflowId }
    if ('stepId' in event) {
      metadata.stepId = event.stepId
      metadata.iterationPath = event.iterationPath
      metadata.stepType = event.stepType
    }
    return metadata
  }

  #pointers(event: StepEvent, turnId: string): { stepwise: { executionId: string; stepId: string; iterationPath: string; turnId: string } } {
    return { stepwise: { executionId: event.executionId, stepId: event.stepId, iterationPath: event.iterationPath, turnId } }
  }

  /** Makes the message of `event` the open one. */
  message(event: StepwiseEvent): void {
    if (this.#prefix === '') this.#prefix = this.#options.messageId ?? `workflow-${event.executionId}`
    if (this.#options.messages === 'single') {
      if (!this.#started) {
        this.#started = true
        if (this.#options.sendStart !== false) this.out.push({ type: 'start', messageId: this.#prefix, messageMetadata: { executionId: event.executionId, workflowId: event.workflowId } })
      }
      return
    }
    const key = 'stepId' in event ? stepKey(event) : ''
    if (this.#current === key) return
    this.close()
    const uses = (this.#uses.get(key) ?? 0) + 1
    this.#uses.set(key, uses)
    this.#current = key
    const messageId = `${this.#prefix}${key === '' ? '' : `/${key}`}${uses === 1 ? '' : `#${uses}`}`
    this.out.push({ type: 'start', messageId, messageMetadata: this.#metadata(event) })
  }

  /** Ends open text and reasoning parts. */
  closeParts(): void {
    if (this.#text !== undefined) this.out.push({ type: 'text-end', id: this.#text.id })
    if (this.#reasoning !== undefined) this.out.push({ type: 'reasoning-end', id: this.#reasoning.id })
    this.#text = undefined
    this.#reasoning = undefined
  }

  /** Finishes the open message (per-step) or the single message. */
  close(end = false): void {
    this.closeParts()
    const open = this.#options.messages === 'single' ? this.#started && end : this.#current !== undefined
    if (open && this.#options.sendFinish !== false) this.out.push({ type: 'finish' })
    this.#current = undefined
    if (end) this.#started = false
  }

  #card(event: StepEvent, changes: Partial<WorkflowStepData>): void {
    const key = stepKey(event)
    const previous = this.#cards.get(key)
    const card: WorkflowStepData = { ...(previous ?? { executionId: event.executionId, stepId: event.stepId, stepType: event.stepType, iterationPath: event.iterationPath }), attempt: event.attempt, status: 'running', ...changes } as WorkflowStepData
    if (changes.status !== undefined && changes.status !== 'failed' && changes.status !== 'retrying' && changes.status !== 'cancelled') delete card.error
    this.#cards.set(key, card)
    this.out.push({ type: 'data-workflow-step', id: `step:${key}`, data: card })
  }

  #turn(event: StepEvent, turnId: string, changes: Partial<WorkflowTurnData>): void {
    const turn = { ...(this.#turns.get(turnId) as WorkflowTurnData), ...changes }
    this.#turns.set(turnId, turn)
    this.out.push({ type: 'data-workflow-turn', id: `turn:${turnId}`, data: turn })
  }

  #approval(event: StepEvent, changes: Partial<WorkflowApprovalData>): void {
    const key = stepKey(event)
    const approval: WorkflowApprovalData = { ...(this.#approvals.get(key) ?? { executionId: event.executionId, stepId: event.stepId, iterationPath: event.iterationPath, prompt: '', status: 'requested' }), ...changes }
    this.#approvals.set(key, approval)
    this.out.push({ type: 'data-workflow-approval', id: `approval:${key}`, data: approval })
  }

  #executionCard(event: StepwiseEvent, changes: Partial<WorkflowExecutionData>): void {
    this.#execution = { ...(this.#execution ?? { executionId: event.executionId, workflowId: event.workflowId, status: 'running' }), ...changes }
    this.out.push({ type: 'data-workflow-execution', id: `execution:${event.executionId}`, data: this.#execution })
  }

  /** Appends the chunks of one event; returns `true` when the stream should end. */
  write(event: StepwiseEvent): boolean {
    switch (event.type) {
      case 'agent.text.delta':
      case 'agent.reasoning.delta': {
        this.message(event)
        const reasoning = event.type === 'agent.reasoning.delta'
        const open = reasoning ? this.#reasoning : this.#text
        if (open === undefined || open.turnId !== event.turnId) {
          this.closeParts()
          const part = { turnId: event.turnId, id: `${event.turnId}:${reasoning ? 'r' : 't'}${++this.#partCount}` }
          if (reasoning) this.#reasoning = part
          else this.#text = part
          this.out.push({ type: reasoning ? 'reasoning-start' : 'text-start', id: part.id, providerMetadata: this.#pointers(event, event.turnId) })
        }
        this.out.push({ type: reasoning ? 'reasoning-delta' : 'text-delta', id: (reasoning ? this.#reasoning : this.#text)!.id, delta: event.delta })
        return false
      }
      case 'agent.tool.call':
        this.message(event)
        this.closeParts()
        this.out.push({ type: 'tool-input-available', toolCallId: `${event.turnId}:${event.toolCallId}`, toolName: event.toolName, input: event.input, dynamic: true, providerMetadata: this.#pointers(event, event.turnId) })
        return false
      case 'agent.tool.result':
        this.message(event)
        this.closeParts()
        this.out.push(
          event.isError === true
            ? { type: 'tool-output-error', toolCallId: `${event.turnId}:${event.toolCallId}`, errorText: typeof event.output === 'string' ? event.output : JSON.stringify(event.output), dynamic: true }
            : { type: 'tool-output-available', toolCallId: `${event.turnId}:${event.toolCallId}`, output: event.output, dynamic: true },
        )
        return false
      case 'agent.turn.started': {
        this.message(event)
        this.closeParts()
        this.out.push({ type: 'start-step' })
        const base = { executionId: event.executionId, stepId: event.stepId, iterationPath: event.iterationPath, turnId: event.turnId, model: event.model }
        this.out.push({ type: 'data-workflow-prompt', id: `prompt:${event.turnId}`, data: { ...base, prompt: event.prompt, ...(event.cause === undefined ? {} : { cause: event.cause }) } })
        this.#turns.set(event.turnId, { ...base, status: 'streaming', ...(event.cause === undefined ? {} : { cause: event.cause }), ...(event.supersedes === undefined ? {} : { supersedes: event.supersedes }) })
        this.#turn(event, event.turnId, {})
        return false
      }
      case 'agent.turn.finished':
        this.message(event)
        this.closeParts()
        if (this.#turns.has(event.turnId)) this.#turn(event, event.turnId, { status: event.reason, ...(event.usage === undefined ? {} : { usage: event.usage }), ...(event.error === undefined ? {} : { error: event.error }) })
        this.out.push({ type: 'finish-step' })
        return false
      case 'step.started':
        this.message(event)
        this.#card(event, event.input === undefined ? { status: 'running' } : { status: 'running', input: event.input })
        return false
      case 'step.completed':
        this.message(event)
        this.#card(event, { status: 'completed', output: cardOutput(event.stepType, event.output), durationMs: event.durationMs })
        return false
      case 'step.failed':
        this.message(event)
        this.#card(event, { status: 'failed', error: event.error, durationMs: event.durationMs })
        return false
      case 'step.retrying':
        this.message(event)
        this.#card(event, { status: 'retrying', error: event.error })
        return false
      case 'step.skipped':
        this.message(event)
        this.#card(event, { status: 'skipped', reason: event.reason, ...(event.output === undefined ? {} : { output: cardOutput(event.stepType, event.output) }) })
        return false
      case 'step.cancelled':
        this.message(event)
        this.#card(event, { status: 'cancelled', reason: event.reason })
        return false
      case 'step.waiting':
        this.message(event)
        this.#card(event, { status: 'waiting' })
        return false
      case 'approval.requested':
        this.message(event)
        this.#approval(event, { prompt: event.prompt, status: 'requested', ...(event.expiresAt === undefined ? {} : { expiresAt: event.expiresAt }) })
        return false
      case 'approval.decided':
        this.message(event)
        this.#approval(event, { status: event.decision.decision, decision: event.decision })
        return false
      case 'approval.expired':
        this.message(event)
        this.#approval(event, { status: 'expired' })
        return false
      case 'execution.started':
      case 'execution.resumed':
        this.message(event)
        this.#executionCard(event, { status: 'running' })
        return false
      case 'execution.waiting':
        this.message(event)
        this.#executionCard(event, { status: 'waiting', waitingFor: publicWaitingFor(event.waitingFor) })
        return this.#options.stopOnWaiting === true
      case 'execution.completed':
      case 'execution.failed':
      case 'execution.cancelled': {
        this.message(event)
        const status = event.type === 'execution.completed' ? 'completed' : event.type === 'execution.failed' ? 'failed' : 'cancelled'
        const changes: Partial<WorkflowExecutionData> = { status, waitingFor: undefined }
        if (event.type !== 'execution.completed') changes.error = event.error
        this.#executionCard(event, changes)
        return true
      }
      default:
        return false
    }
  }
}
