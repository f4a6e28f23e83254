/**
 * Streaming benchmark row: a 2,000-token reply from the AI SDK mock model, (a) consumed directly
 * from `streamText`'s `fullStream`, (b) streamed through an `agent_prompt` step of the engine
 * (memory storage: every delta is an event, committed and published) to an `engine.events`
 * subscriber. Tokens/s side by side, measured alternately in one run; target: (b) ≥ 80% of (a).
 *
 * Run: `node --import tsx bench/agent-stream.ts`.
 */
import { streamText } from 'ai'
import { pathToFileURL } from 'node:url'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { aiSdkAgent, createEngine, memoryStorage } from '../src/index.js'
import { scriptedModel } from '../src/testing/index.js'

const TOKENS = 2_000

/** A full GC before each sample, so neither path pays for the other's garbage. */
const collect: () => void = (() => {
  const exposed = (globalThis as { gc?: () => void }).gc
  if (exposed !== undefined) return exposed
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
})()
const reply = Array.from({ length: TOKENS }, (_, i) => `tok${i % 100}`).join(' ')

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

/** Result of {@link agentStreamBench}. */
export interface AgentStreamResult {
  /** Tokens per second consuming `streamText` directly. */
  directTokensPerSecond: number
  /** Tokens per second through the engine to an `engine.events` subscriber. */
  engineTokensPerSecond: number
  /** Median over the rounds of engine / direct, each pair measured back to back (robust to machine load drifting). */
  ratio: number
}

/** Runs the benchmark (`rounds` measured runs of each path, alternated). */
export async function agentStreamBench(rounds = 30): Promise<AgentStreamResult> {
  const model = scriptedModel(reply, { whenDone: 'repeat' })
  const engine = createEngine({ storage: memoryStorage(), models: { default: model }, agent: aiSdkAgent({ maxRetries: 0 }) })
  const workflow = { id: 'stream', steps: [{ id: 'reply', type: 'agent_prompt', prompt: 'Write 2,000 tokens.', thread: '@new' }] }
  await engine.workflows.save(workflow)

  const direct = async (): Promise<number> => {
    collect()
    const start = process.hrtime.bigint()
    let tokens = 0
    const result = streamText({ model, prompt: 'Write 2,000 tokens.', maxRetries: 0 })
    for await (const part of result.fullStream) if (part.type === 'text-delta') tokens += 1
    const seconds = Number(process.hrtime.bigint() - start) / 1e9
    if (tokens !== TOKENS) throw new Error(`direct: ${tokens} tokens`)
    return tokens / seconds
  }

  const throughEngine = async (): Promise<number> => {
    collect()
    const start = process.hrtime.bigint()
    let tokens = 0
    const { id } = await engine.start('stream')
    for await (const event of engine.events(id)) {
      if (event.type === 'agent.text.delta') tokens += 1
      else if (event.type === 'execution.failed') throw new Error(JSON.stringify(event.error))
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9
    if (tokens !== TOKENS) throw new Error(`engine: ${tokens} tokens`)
    return tokens / seconds
  }

  for (let i = 0; i < 5; i++) {
    await direct()
    await throughEngine()
  }
  const directSamples: number[] = []
  const engineSamples: number[] = []
  const ratios: number[] = []
  for (let i = 0; i < rounds; i++) {
    // Alternate which path goes first, so neither always runs on a warmer heap.
    const first = i % 2 === 0 ? await direct() : await throughEngine()
    const second = i % 2 === 0 ? await throughEngine() : await direct()
    const [d, e] = i % 2 === 0 ? [first, second] : [second, first]
    directSamples.push(d)
    engineSamples.push(e)
    ratios.push(e / d)
  }
  await engine.close()
  const directTokensPerSecond = median(directSamples)
  const engineTokensPerSecond = median(engineSamples)
  return { directTokensPerSecond, engineTokensPerSecond, ratio: median(ratios) }
}

/** The printed row. */
export function formatAgentStream(result: AgentStreamResult): string {
  const k = (value: number): string => `${Math.round(value).toLocaleString('en-US')} tok/s`
  return `agent stream, 2,000-token reply: streamText direct ${k(result.directTokensPerSecond)} | through the engine to engine.events ${k(result.engineTokensPerSecond)} | ratio ${(result.ratio * 100).toFixed(0)}% (target ≥ 80%)`
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(formatAgentStream(await agentStreamBench()))
}
