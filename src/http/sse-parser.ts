/**
 * @module
 * A small Server-Sent Events parser (the WHATWG event-stream format) for the client: fetch-based,
 * so it works in browsers and Node without `EventSource`.
 */

/** One dispatched SSE message. */
export interface SseMessage {
  /** The `event:` field (`message` when absent). */
  event: string
  /** The `data:` lines joined by `\n`. */
  data: string
  /** The `id:` field of this message, if it had one. */
  id?: string
  /** A `retry:` field (reconnection time in ms), if it had one. */
  retry?: number
}

/** Feeds decoded text in; calls `onMessage` for every complete message. */
export interface SseParser {
  /** Adds a chunk of text (any split, including inside a line). */
  push(text: string): void
}

/** Creates a parser. Comment lines (`: …`, heartbeats) are skipped. */
export function createSseParser(onMessage: (message: SseMessage) => void): SseParser {
  let buffer = ''
  let event = ''
  let data: string[] = []
  let id: string | undefined
  let retry: number | undefined

  const dispatch = (): void => {
    if (data.length > 0) {
      const message: SseMessage = { event: event === '' ? 'message' : event, data: data.join('\n') }
      if (id !== undefined) message.id = id
      if (retry !== undefined) message.retry = retry
      onMessage(message)
    }
    event = ''
    data = []
    id = undefined
    retry = undefined
  }

  const line = (text: string): void => {
    if (text === '') return dispatch()
    if (text.startsWith(':')) return
    const colon = text.indexOf(':')
    const field = colon === -1 ? text : text.slice(0, colon)
    let value = colon === -1 ? '' : text.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'data') data.push(value)
    else if (field === 'event') event = value
    else if (field === 'id' && !value.includes('\0')) id = value
    else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value)
  }

  return {
    push(text) {
      buffer += text
      for (;;) {
        const match = /\r\n|\r|\n/.exec(buffer)
        // A lone `\r` at the end may be the first half of `\r\n`: wait for more.
        if (match === null || (match[0] === '\r' && match.index === buffer.length - 1)) return
        line(buffer.slice(0, match.index))
        buffer = buffer.slice(match.index + match[0].length)
      }
    },
  }
}
