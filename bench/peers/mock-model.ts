/**
 * The AI SDK mock model of W6 (AI SDK 6, `MockLanguageModelV3`), used by the floor, stepwise and
 * LangGraph.js: a reply of `tokens` text deltas, streamed by `simulateReadableStream` with no delay.
 * (Mastra 0.24 speaks the AI SDK 5 model interface: third-party/mastra.ts builds the same reply
 * with `MockLanguageModelV2` from AI SDK 5.)
 *
 * `ai` resolves to the repository's own AI SDK 6: bench/peers/node_modules has no top-level `ai`
 * (run.ts checks), only Mastra's nested copies.
 */
import { simulateReadableStream } from 'ai'
import { MockLanguageModelV3 } from 'ai/test'
import { replyDeltas } from './harness.js'

type StreamPart = Awaited<ReturnType<MockLanguageModelV3['doStream']>>['stream'] extends ReadableStream<infer P> ? P : never

export function mockModelV3(tokens: number): MockLanguageModelV3 {
  const deltas = replyDeltas(tokens)
  const chunks: StreamPart[] = [
    { type: 'stream-start', warnings: [] },
    { type: 'response-metadata', id: 'r0', modelId: 'mock-model-id', timestamp: new Date(0) },
    { type: 'text-start', id: 't0' },
    ...deltas.map((delta): StreamPart => ({ type: 'text-delta', id: 't0', delta })),
    { type: 'text-end', id: 't0' },
    {
      type: 'finish',
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: { total: 5, noCache: 5, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: tokens, text: tokens, reasoning: 0 } },
    },
  ]
  return new MockLanguageModelV3({
    doStream: async () => ({ stream: simulateReadableStream({ chunks, initialDelayInMs: null, chunkDelayInMs: null }) }),
  })
}
