/**
 * @module
 * `ApprovalAnswers`: decides the approvals of a `stepwise run`: every one by `--approve` /
 * `--deny`, or by asking `Approve? [y/N]` on standard input (a terminal or a pipe).
 */
import type { ApprovalRequestedEvent } from '../engine/events.js'
import type { Engine } from '../engine/engine-types.js'
import { StepwiseError } from '../errors/stepwise-error.js'
import type { CliIo } from './cli-io.js'

/** How approvals are answered. */
export type ApprovalMode = 'approve' | 'deny' | 'ask'

/** Options of {@link ApprovalAnswers}. */
export interface ApprovalAnswersOptions {
  /** `--approve`, `--deny`, or ask on standard input. */
  mode: ApprovalMode
  /** Who decides (`by` of the decision). */
  by: string
  /** Standard input. */
  io: Pick<CliIo, 'readLine' | 'stdinIsTTY'>
  /** Writes the question (no newline). */
  ask(question: string): void
  /** Ends the question's line with `text` (the answer when the terminal did not echo it, or a note) and a newline. */
  answered(text: string): void
}

/** `y` or `yes` (any case) approves; anything else denies. */
export function isYes(answer: string): boolean {
  return /^\s*y(es)?\s*$/i.test(answer)
}

/** Collects approval requests and decides them once the execution waits. */
export class ApprovalAnswers {
  readonly #options: ApprovalAnswersOptions
  readonly #pending: ApprovalRequestedEvent[] = []

  constructor(options: ApprovalAnswersOptions) {
    this.#options = options
  }

  /** Remembers a request (decided at the next {@link ApprovalAnswers.decidePending}). */
  requested(event: ApprovalRequestedEvent): void {
    this.#pending.push(event)
  }

  /** Asks for (or applies the flag to) each pending request, in order, and records the decisions. */
  async decidePending(engine: Engine): Promise<void> {
    while (this.#pending.length > 0) {
      const request = this.#pending.shift() as ApprovalRequestedEvent
      const approved = await this.#answer()
      try {
        await engine.executions.approve(request.executionId, { approved, by: this.#options.by, stepId: request.stepId, iterationPath: request.iterationPath })
      } catch (error) {
        // An earlier denial may have ended the execution; the tree shows how it ended.
        const code = StepwiseError.isInstance(error) ? error.code : undefined
        if (code !== 'EXECUTION_TERMINAL' && code !== 'APPROVAL_NOT_WAITING' && code !== 'NOT_FOUND') throw error
      }
    }
  }

  async #answer(): Promise<boolean> {
    const { mode, io } = this.#options
    this.#options.ask('Approve? [y/N] ')
    if (mode !== 'ask') {
      this.#options.answered(`${mode === 'approve' ? 'y' : 'n'} (--${mode})`)
      return mode === 'approve'
    }
    const line = await io.readLine()
    if (line === undefined) {
      this.#options.answered('n (no answer: end of input)')
      return false
    }
    if (!io.stdinIsTTY) this.#options.answered(line.trim()) // a terminal echoed the answer already
    return isYes(line)
  }
}
