import { APICallError, generateText, streamText } from 'ai'
import { describe, expect, it } from 'vitest'
import { scriptedModel } from '../../src/testing/index.js'

async function streamed(model: ReturnType<typeof scriptedModel>, prompt = 'hi') {
  const result = streamText({ model, prompt, maxRetries: 0, onError: () => undefined })
  const parts: string[] = []
  for await (const part of result.fullStream) parts.push(part.type === 'text-delta' ? `text:${part.text}` : part.type)
  return parts
}

describe('scriptedModel', () => {
  it('answers each call with the next reply, streamed word by word (or by chunkSize)', async () => {
    const model = scriptedModel(['Hello world', { json: { a: 1 } }])
    expect((await streamed(model)).filter((part) => part.startsWith('text:'))).toEqual(['text:Hello ', 'text:world'])
    expect((await generateText({ model, prompt: 'json please' })).text).toBe('{"a":1}')
    expect(model.calls.map((call) => call.lastUserText)).toEqual(['hi', 'json please'])
    expect(model.remaining()).toBe(0)
    const chunked = scriptedModel('abcdef', { chunkSize: 4 })
    expect((await streamed(chunked)).filter((part) => part.startsWith('text:'))).toEqual(['text:abcd', 'text:ef'])
  })

  it('scripts tool calls, reasoning, usage and replies chosen per call', async () => {
    const model = scriptedModel([{ reasoning: 'hmm', toolCalls: [{ toolName: 'search', input: { q: 'x' } }], usage: { inputTokens: 5, outputTokens: 1 } }, (call) => `you said ${call.lastUserText}`])
    const parts = await streamed(model)
    expect(parts).toContain('reasoning-delta')
    expect(parts).toContain('tool-call')
    const second = await streamText({ model, prompt: 'again' }).text
    expect(second).toBe('you said again')
  })

  it('errors: { status } is an APICallError like a provider would throw (429 retryable), strings and Errors as is', async () => {
    const model = scriptedModel([{ error: { status: 429 } }, { error: { status: 400, message: 'bad' } }, { error: 'boom' }])
    const errors: unknown[] = []
    for (let i = 0; i < 3; i++) await streamText({ model, prompt: 'x', maxRetries: 0, onError: ({ error }) => void errors.push(error) }).consumeStream()
    expect(APICallError.isInstance(errors[0]) && errors[0].isRetryable && errors[0].statusCode).toBe(429)
    expect(APICallError.isInstance(errors[1]) && errors[1].isRetryable).toBe(false)
    expect(errors[2]).toMatchObject({ message: 'boom' })
  })

  it('when the script is used up it fails the call, or repeats the last reply with whenDone: repeat', async () => {
    const once = scriptedModel('only')
    await streamed(once)
    const errors: unknown[] = []
    await streamText({ model: once, prompt: 'x', maxRetries: 0, onError: ({ error }) => void errors.push(error) }).consumeStream()
    expect(String(errors[0])).toContain('no reply scripted for call #2')
    const repeat = scriptedModel('again', { whenDone: 'repeat' })
    await streamed(repeat)
    expect((await streamed(repeat)).join()).toContain('text:again')
  })

  it('hang: never answers until the call is aborted', async () => {
    const model = scriptedModel({ hang: true })
    const controller = new AbortController()
    const result = streamText({ model, prompt: 'x', abortSignal: controller.signal, onError: () => undefined })
    const consumed = result.consumeStream()
    await new Promise((resolve) => setTimeout(resolve, 5))
    controller.abort()
    await consumed
    expect(model.calls[0].abortSignal?.aborted).toBe(true)
  })
})
