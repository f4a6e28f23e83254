import { simulateReadableStream } from 'ai'
import { MockLanguageModelV3 } from 'ai/test'

type StreamPart = Awaited<ReturnType<MockLanguageModelV3['doStream']>>['stream'] extends ReadableStream<infer P> ? P : never

const NOTES = `## What's new

- Streaming agent steps: replies show up word by word.
- Durable approvals: a run waits for a person, across restarts.
- Fixed a crash when the config file is empty.`

/**
 * A stand-in for a real model (swap in e.g. `openai('gpt-4.1-mini')` from `@ai-sdk/openai`): it
 * streams the same release notes a few words at a time, so the page shows a live reply without
 * an API key or network access.
 */
export function demoModel(): MockLanguageModelV3 {
  return new MockLanguageModelV3({
    provider: 'demo',
    modelId: 'scripted-notes',
    doStream: async () => {
      const words = NOTES.split(/(?<=\s)/)
      const chunks: StreamPart[] = [
        { type: 'stream-start', warnings: [] },
        { type: 'text-start', id: 't0' },
        ...words.map((delta): StreamPart => ({ type: 'text-delta', id: 't0', delta })),
        { type: 'text-end', id: 't0' },
        {
          type: 'finish',
          finishReason: { unified: 'stop', raw: 'stop' },
          usage: { inputTokens: { total: 24, noCache: 24, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: words.length, text: words.length, reasoning: 0 } },
        },
      ]
      return { stream: simulateReadableStream({ chunks, initialDelayInMs: 300, chunkDelayInMs: 60 }) }
    },
  })
}
