/**
 * @module
 * `LiveTree`: prints an execution's events as an indented tree, streams agent text inline, and
 * keeps a progress line at the bottom of a terminal.
 */
import type { NotifyMessage } from '../adapters/notify/notifier.js'
import type { StepwiseEvent } from '../engine/events.js'
import type { CliOutput } from './cli-io.js'
import { describeEvent, levelOf, segmentLabel, type TreeLine } from './describe-event.js'
import { TurnStreams, type StreamedTurn } from './turn-streams.js'
import { duration, painter, type Paint } from './text-style.js'

/** Options of {@link LiveTree}. */
export interface LiveTreeOptions {
  /** Where to print. */
  out: CliOutput
  /** Use ANSI colours. */
  color: boolean
  /** Keep a progress line at the bottom (terminals only). */
  progress: boolean
  /** Ids of the top-level steps (the progress line counts them). */
  topLevelSteps: readonly string[]
  /** Clock for the elapsed time (default `Date.now`). */
  now?: () => number
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
const ENDED = new Set(['step.completed', 'step.failed', 'step.skipped', 'step.cancelled', 'step.waiting'])

/** The live tree of one execution (see the module description). */
export class LiveTree {
  readonly #out: CliOutput
  readonly #paint: Paint
  readonly #progress: boolean
  readonly #topLevel: ReadonlySet<string>
  readonly #done = new Set<string>()
  readonly #running = new Map<string, string>()
  readonly #notes = new Map<string, NotifyMessage>()
  readonly #now: () => number
  readonly #startedAt: number
  readonly #turns: TurnStreams
  /** Iteration path the last lines were printed in (headers are printed when it changes). */
  #context = ''
  /** The streamed turn whose line the cursor is on. */
  #open?: { turnId: string; atLineStart: boolean }
  #progressShown = false
  #waiting = false
  #frame = 0
  #timer?: ReturnType<typeof setInterval>

  constructor(options: LiveTreeOptions) {
    this.#out = options.out
    this.#paint = painter(options.color)
    this.#progress = options.progress
    this.#topLevel = new Set(options.topLevelSteps)
    this.#now = options.now ?? Date.now
    this.#startedAt = this.#now()
    this.#turns = new TurnStreams({ write: (turn, text) => this.#streamText(turn, text), end: (turn) => this.#endStream(turn.turnId) })
    if (this.#progress) {
      this.#timer = setInterval(() => {
        this.#frame += 1
        if (this.#open === undefined) this.#drawProgress()
      }, 100)
      this.#timer.unref?.()
    }
  }

  /** Prints what `event` means. */
  event(event: StepwiseEvent): void {
    if (event.type === 'execution.waiting') this.#waiting = event.waitingFor.kind === 'approval'
    if (event.type === 'execution.resumed') this.#waiting = false
    if (!('stepId' in event)) {
      this.lines(describeEvent(event), '')
      return
    }
    this.#track(event.type, event.stepId, event.iterationPath)
    if (event.type === 'agent.text.delta') {
      this.#turns.delta({ turnId: event.turnId, iterationPath: event.iterationPath, level: levelOf(event.iterationPath) + 1 }, event.delta)
      return
    }
    if (event.type === 'agent.turn.finished') this.#turns.finished(event.turnId)
    this.lines(describeEvent(event), event.iterationPath)
    if ((event.type === 'step.completed' || event.type === 'step.failed') && event.stepType === 'notify') {
      const key = `${event.stepId}|${event.iterationPath}`
      const message = this.#notes.get(key)
      this.#notes.delete(key)
      if (message !== undefined) this.#notification(message, event.iterationPath)
    }
  }

  /** Records a notifier message; it is printed under its `notify` step when that step ends. */
  notify(message: NotifyMessage): void {
    if (message.failure !== undefined || message.stepId === '') this.#notification(message, '')
    else this.#notes.set(`${message.stepId}|${message.iterationPath}`, message)
  }

  /** Prints tree lines that belong to `iterationPath` (iteration headers first, when it changed). */
  lines(lines: readonly TreeLine[], iterationPath = this.#context): void {
    if (lines.length === 0) return
    this.#interrupt()
    this.#enter(iterationPath)
    for (const line of lines) {
      const detail = line.detail === undefined || line.detail === '' ? '' : `  ${this.#paint('dim', line.detail)}`
      this.#out.write(`${'  '.repeat(line.level)}${this.#paint(line.tone, line.icon)} ${line.text}${detail}\n`)
    }
    this.#drawProgress()
  }

  /** Writes a question (no newline) after clearing the progress line; the answer follows on the same line. */
  ask(question: string): void {
    this.#interrupt()
    this.#out.write(this.#paint('bold', question))
  }

  /** Writes a line as is (after clearing the progress line). */
  write(line: string): void {
    this.#interrupt()
    this.#out.write(`${line}\n`)
    this.#drawProgress()
  }

  /** Ends the tree: prints buffered agent text, removes the progress line, stops its timer. */
  finish(): void {
    this.#turns.flush()
    this.#interrupt()
    if (this.#timer !== undefined) clearInterval(this.#timer)
    this.#timer = undefined
  }

  #track(type: string, stepId: string, iterationPath: string): void {
    const key = `${stepId}|${iterationPath}`
    if (type === 'step.started') this.#running.set(key, stepId)
    else if (ENDED.has(type)) {
      this.#running.delete(key)
      if (iterationPath === '' && this.#topLevel.has(stepId) && type !== 'step.waiting') this.#done.add(stepId)
    }
  }

  /** Prints the headers of the iteration segments of `iterationPath` that differ from the current context. */
  #enter(iterationPath: string): void {
    if (iterationPath === this.#context) return
    const target = iterationPath === '' ? [] : iterationPath.split('/')
    const current = this.#context === '' ? [] : this.#context.split('/')
    let common = 0
    while (common < target.length && common < current.length && target[common] === current[common]) common += 1
    this.#context = iterationPath
    for (let index = common; index < target.length; index += 1) {
      this.#out.write(`${'  '.repeat(index * 2 + 1)}${this.#paint('dim', `↳ ${segmentLabel(target[index])}`)}\n`)
    }
  }

  #notification(message: NotifyMessage, iterationPath: string): void {
    const level = levelOf(iterationPath) + 1
    const [first, ...rest] = message.content.split('\n')
    this.lines([{ level, icon: '✉', tone: 'cyan', text: `${message.target}: ${first}` }], iterationPath)
    if (rest.length > 0) this.write(rest.map((line) => `${'  '.repeat(level)}  ${line}`).join('\n'))
  }

  #streamText(turn: StreamedTurn, text: string): void {
    if (this.#open?.turnId !== turn.turnId) {
      this.#interrupt()
      this.#enter(turn.iterationPath)
      this.#open = { turnId: turn.turnId, atLineStart: true }
    } else this.#clearProgress()
    const open = this.#open
    const prefix = `${'  '.repeat(turn.level)}${this.#paint('dim', '│')} `
    text.split('\n').forEach((piece, index) => {
      if (index > 0) {
        this.#out.write('\n')
        open.atLineStart = true
      }
      if (piece === '') return
      if (open.atLineStart) this.#out.write(prefix)
      this.#out.write(piece)
      open.atLineStart = false
    })
  }

  #endStream(turnId: string): void {
    if (this.#open?.turnId !== turnId) return
    this.#interrupt()
    this.#drawProgress()
  }

  /** Ends an open streamed line and clears the progress line before other output. */
  #interrupt(): void {
    if (this.#open !== undefined) {
      if (!this.#open.atLineStart) this.#out.write('\n')
      this.#open = undefined
    }
    this.#clearProgress()
  }

  #clearProgress(): void {
    if (!this.#progressShown) return
    this.#out.write('\r\u001b[2K')
    this.#progressShown = false
  }

  #drawProgress(): void {
    if (!this.#progress || this.#timer === undefined || this.#open !== undefined) return
    const running = [...this.#running.values()]
    const current = this.#waiting ? 'waiting for approval' : running.slice(-3).join(', ')
    const spinner = this.#waiting ? '⏸' : SPINNER[this.#frame % SPINNER.length]
    let text = `${spinner} ${this.#done.size}/${this.#topLevel.size} steps · ${duration(this.#now() - this.#startedAt)}${current === '' ? '' : ` · ${current}`}`
    const width = Math.max(20, (this.#out.columns || 80) - 1)
    if (text.length > width) text = `${text.slice(0, width - 1)}…`
    this.#out.write(`\r\u001b[2K${this.#paint('dim', text)}`)
    this.#progressShown = true
  }
}
