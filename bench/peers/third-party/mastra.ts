/**
 * Mastra workflows (@mastra/core 0.24, the last line that runs on Node 20) in the peer benchmark,
 * written as Mastra's docs show: `createStep` with zod schemas, `createWorkflow().then/.parallel/
 * .foreach().commit()`, a `Mastra` instance, `createRunAsync()` + `start()`, `suspend()` +
 * `run.resume()`, and an `Agent` step for streaming. Two modes:
 * - `memory`: no storage (Mastra keeps nothing). W5 needs a snapshot to resume from, so W5 alone
 *   uses Mastra's own in-memory store (`InMemoryStore`), footnoted.
 * - `libsql`: `LibSQLStore` on a fresh file (Mastra's default durable store).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import { Agent } from '@mastra/core/agent'
import { Mastra } from '@mastra/core/mastra'
import { InMemoryStore } from '@mastra/core/storage'
import { createStep, createWorkflow } from '@mastra/core/workflows'
import { LibSQLStore } from '@mastra/libsql'
import { simulateReadableStream } from 'ai-v5'
import { bigOutput, replyDeltas, runWorker, trivial, type Driver } from '../harness.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyWorkflow = any

const num = z.object({ n: z.number() })
const incStep = (id: string) => createStep({ id, inputSchema: num, outputSchema: num, execute: async ({ inputData }) => ({ n: await trivial(inputData.n) }) })

/** An AI SDK 5 (LanguageModelV2) mock, as `MockLanguageModelV2` builds it (`ai-v5/test` itself needs msw, a test-only peer). */
function mockModelV2(tokens: number) {
  const chunks = [
    { type: 'stream-start' as const, warnings: [] },
    // Real providers send response metadata; without it Mastra 0.24's agent stream drops every sixth delta.
    { type: 'response-metadata' as const, id: 'r0', modelId: 'mock-model-id', timestamp: new Date(0) },
    { type: 'text-start' as const, id: 't0' },
    ...replyDeltas(tokens).map((delta) => ({ type: 'text-delta' as const, id: 't0', delta })),
    { type: 'text-end' as const, id: 't0' },
    { type: 'finish' as const, finishReason: 'stop' as const, usage: { inputTokens: 5, outputTokens: tokens, totalTokens: tokens + 5 } },
  ]
  return {
    specificationVersion: 'v2' as const,
    provider: 'mock-provider',
    modelId: 'mock-model-id',
    supportedUrls: {},
    doGenerate: async () => {
      throw new Error('W6 streams')
    },
    doStream: async () => ({ stream: simulateReadableStream({ chunks, initialDelayInMs: null, chunkDelayInMs: null }) }),
  }
}

async function driverFor(mode: string): Promise<Driver> {
  if (mode !== 'memory' && mode !== 'libsql') throw new Error(`unknown Mastra mode ${mode}`)
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-peers-mastra-'))
  const storage = mode === 'libsql' ? new LibSQLStore({ url: `file:${join(dir, 'mastra.db')}` }) : undefined
  /** Registers the workflow (and agents) with a Mastra instance, as an app does, and returns it. */
  const register = (workflow: AnyWorkflow, extra: { agents?: Record<string, Agent>; storage?: InMemoryStore } = {}): AnyWorkflow => {
    const mastra = new Mastra({ workflows: { [workflow.id]: workflow }, agents: extra.agents ?? {}, storage: extra.storage ?? storage, logger: false })
    return mastra.getWorkflow(workflow.id)
  }
  const succeeded = async (workflow: AnyWorkflow, inputData: unknown): Promise<void> => {
    const run = await workflow.createRunAsync()
    const result = await run.start({ inputData })
    if (result.status !== 'success') throw new Error(`${workflow.id}: ${result.status} ${String(result.error)}`)
  }

  const driver: Driver = {
    async chain(steps) {
      let flow: AnyWorkflow = createWorkflow({ id: `chain-${steps}`, inputSchema: num, outputSchema: num })
      for (let i = 0; i < steps; i++) flow = flow.then(incStep(`s${i}`))
      const workflow = register(flow.commit())
      return () => succeeded(workflow, { n: 0 })
    },
    async loop(items) {
      const item = createStep({ id: 'b', inputSchema: z.number(), outputSchema: z.number(), execute: async ({ inputData }) => trivial(inputData) })
      const flow = createWorkflow({ id: `loop-${items}`, inputSchema: z.array(z.number()), outputSchema: z.array(z.number()) })
        .foreach(item, { concurrency: 1 })
        .commit()
      const workflow = register(flow)
      const list = Array.from({ length: items }, (_, i) => i + 1)
      return () => succeeded(workflow, list)
    },
    async branches(count) {
      const steps = Array.from({ length: count }, (_, i) => incStep(`b${i}`))
      const flow: AnyWorkflow = createWorkflow({ id: `branches-${count}`, inputSchema: num, outputSchema: z.any() }).parallel(steps).commit()
      const workflow = register(flow)
      return () => succeeded(workflow, { n: 0 })
    },
    async park() {
      const gate = createStep({
        id: 'gate',
        inputSchema: num,
        outputSchema: num,
        resumeSchema: z.object({ approved: z.boolean() }),
        suspendSchema: z.object({ prompt: z.string() }),
        execute: async ({ inputData, resumeData, suspend }) => {
          if (resumeData?.approved !== true) return await suspend({ prompt: 'Approve?' })
          return inputData
        },
      })
      const flow = createWorkflow({ id: 'park', inputSchema: num, outputSchema: num }).then(gate).then(incStep('after')).commit()
      const workflow = register(flow, { storage: storage ?? new InMemoryStore() })
      return {
        async start() {
          const run = await workflow.createRunAsync()
          const result = await run.start({ inputData: { n: 0 } })
          if (result.status !== 'suspended') throw new Error(`park: ${result.status}`)
          return run
        },
        async approve(handle) {
          const result = await (handle as AnyWorkflow).resume({ step: 'gate', resumeData: { approved: true } })
          if (result.status !== 'success') throw new Error(`approve: ${result.status} ${String(result.error)}`)
        },
      }
    },
    async stream(tokens) {
      const writer = new Agent({ name: 'writer', instructions: 'Write.', model: mockModelV2(tokens) })
      const flow = createWorkflow({ id: 'stream', inputSchema: z.object({ prompt: z.string() }), outputSchema: z.object({ text: z.string() }) })
        .then(createStep(writer))
        .commit()
      const workflow = register(flow, { agents: { writer } })
      return async () => {
        let text = ''
        const run = await workflow.createRunAsync()
        const stream = run.streamVNext({ inputData: { prompt: 'Write.' } })
        for await (const chunk of stream.fullStream) {
          if (chunk.type === 'workflow-step-output' && chunk.payload?.output?.type === 'text-delta') text += (chunk.payload.output as { payload: { text: string } }).payload.text
        }
        const result = await stream.result
        if (result.status !== 'success') throw new Error(`stream: ${result.status}`)
        return text
      }
    },
    async close() {
      rmSync(dir, { recursive: true, force: true })
    },
  }
  if (storage === undefined) driver.notes = { W5: "Mastra's InMemoryStore: resume() needs a stored snapshot" }
  else {
    driver.durable = async (steps, bytes) => {
      const data = z.object({ data: z.string() })
      let flow: AnyWorkflow = createWorkflow({ id: `durable-${steps}`, inputSchema: data, outputSchema: data })
      for (let i = 0; i < steps; i++) {
        flow = flow.then(createStep({ id: `s${i}`, inputSchema: data, outputSchema: data, execute: async () => ({ data: bigOutput(bytes, await trivial(i)) }) }))
      }
      const workflow = register(flow.commit())
      return () => succeeded(workflow, { data: '' })
    }
  }
  return driver
}

await runWorker(driverFor)
