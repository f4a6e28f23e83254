/**
 * @module
 * `TurnStreams`: decides which agent turn streams its text live when several run at once (loop
 * concurrency, parallel branches): one turn at a time; the others are buffered and printed
 * whole, in order, when the live turn ends.
 */

/** An agent turn whose text is streamed. */
export interface StreamedTurn {
  /** The turn id. */
  turnId: string
  /** Iteration path of its step. */
  iterationPath: string
  /** Indentation level of its text. */
  level: number
}

/** Where streamed text goes. */
export interface TurnSink {
  /** Writes a piece of a turn's text. */
  write(turn: StreamedTurn, text: string): void
  /** The turn's text is complete. */
  end(turn: StreamedTurn): void
}

interface Buffered {
  turn: StreamedTurn
  text: string
  finished: boolean
}

/** Serialises the text of concurrent agent turns (see the module description). */
export class TurnStreams {
  readonly #sink: TurnSink
  readonly #buffered = new Map<string, Buffered>()
  #live?: StreamedTurn

  constructor(sink: TurnSink) {
    this.#sink = sink
  }

  /** A piece of text of `turn`. */
  delta(turn: StreamedTurn, text: string): void {
    if (this.#live === undefined) this.#live = turn
    if (this.#live.turnId === turn.turnId) {
      this.#sink.write(this.#live, text)
      return
    }
    const buffered = this.#buffered.get(turn.turnId) ?? { turn, text: '', finished: false }
    buffered.text += text
    this.#buffered.set(turn.turnId, buffered)
  }

  /** `turnId` ended (completed, superseded or failed). */
  finished(turnId: string): void {
    if (this.#live?.turnId === turnId) {
      this.#sink.end(this.#live)
      this.#live = undefined
      this.#promote()
      return
    }
    const buffered = this.#buffered.get(turnId)
    if (buffered !== undefined) buffered.finished = true
  }

  /** Ends the live turn and prints every buffered one. */
  flush(): void {
    if (this.#live !== undefined) this.#sink.end(this.#live)
    this.#live = undefined
    for (const buffered of this.#buffered.values()) buffered.finished = true
    this.#promote()
  }

  #promote(): void {
    for (const [turnId, buffered] of this.#buffered) {
      this.#buffered.delete(turnId)
      if (buffered.text !== '') this.#sink.write(buffered.turn, buffered.text)
      if (!buffered.finished) {
        this.#live = buffered.turn
        return
      }
      this.#sink.end(buffered.turn)
    }
  }
}
