import { describe, expect, it } from 'vitest'
import { createSseParser, type SseMessage } from '../../src/http/sse-parser.js'

function parse(chunks: string[]): SseMessage[] {
  const messages: SseMessage[] = []
  const parser = createSseParser((message) => messages.push(message))
  for (const chunk of chunks) parser.push(chunk)
  return messages
}

describe('SSE parser', () => {
  const stream = ': hello\n\nid: 1\nevent: step.started\ndata: {"a":1}\n\nretry: 250\ndata: line one\ndata: line two\n\nid: 2\n\n'

  it('parses fields, skips comments, joins data lines, ignores messages without data', () => {
    expect(parse([stream])).toEqual([
      { id: '1', event: 'step.started', data: '{"a":1}' },
      { event: 'message', data: 'line one\nline two', retry: 250 },
    ])
  })

  it('gives the same messages for every split of the input, and for CRLF and CR line endings', () => {
    const expected = parse([stream])
    for (let i = 0; i <= stream.length; i++) expect(parse([stream.slice(0, i), stream.slice(i)])).toEqual(expected)
    expect(parse([stream.replaceAll('\n', '\r\n')])).toEqual(expected)
    const cr = stream.replaceAll('\n', '\r')
    for (let i = 0; i <= cr.length; i++) expect(parse([cr.slice(0, i), cr.slice(i)])).toEqual(expected)
  })

  it('keeps an incomplete message until its blank line arrives', () => {
    expect(parse(['id: 3\ndata: {}\n'])).toEqual([])
    expect(parse(['id: 3\ndata: {}\n', '\n'])).toEqual([{ id: '3', event: 'message', data: '{}' }])
  })
})
