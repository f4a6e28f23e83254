/**
 * Oversized payloads and outputs, on every adapter: a 10 MB tool result, a 5 MB tool error, an
 * expression building 300 KB, a loop growing the state past `maxStateBytes`, webhook bodies past
 * the 1 MiB cap. Each is stopped with a typed error and what reaches storage stays bounded.
 */
import { tool } from 'ai'
import { z } from 'zod'
import { afterAll, describe, expect, it } from 'vitest'
import { createEngine, type Engine, type StorageAdapterV1 } from '../../src/index.js'
import { githubSignature, webhookRequest } from '../triggers/trigger-helpers.js'
import { adapterCases } from './adapters.js'

const big = (n: number): string => 'x'.repeat(n)

/** Bytes an execution occupies in storage: its record, step rows and events, as JSON. */
async function storedBytes(storage: StorageAdapterV1, id: string): Promise<number> {
  const execution = await storage.getExecution('default', id)
  const steps = await storage.listSteps('default', id)
  const events = await storage.readEvents('default', id, 0, 100_000)
  return JSON.stringify(execution).length + JSON.stringify(steps).length + JSON.stringify(events).length
}

for (const adapter of adapterCases()) {
  describe(`oversized payloads and outputs: ${adapter.name} storage`, () => {
    afterAll(() => adapter.dispose())
    let storage: StorageAdapterV1
    const engineWith = (): Engine => {
      storage = adapter.create()
      const huge = tool({ inputSchema: z.object({}), execute: async () => ({ blob: big(10_000_000) }) })
      const echoing = tool({
        inputSchema: z.object({}),
        execute: async (): Promise<string> => {
          throw new Error(`upstream said: ${big(5_000_000)}`)
        },
      })
      return createEngine({ storage, tools: { huge, echoing } })
    }

    it('a 10 MB tool result and a 5 MB tool error fail their step and store a few KB', async () => {
      const engine = engineWith()
      const output = await engine.run({ id: 'huge', steps: [{ id: 's', type: 'tool', tool: 'huge' }] })
      expect([output.status, output.error?.code, output.error?.message]).toEqual(['failed', 'LIMIT_EXCEEDED', expect.stringContaining('maxOutputBytes')])
      expect(await storedBytes(storage, output.id)).toBeLessThan(16_384)
      const error = await engine.run({ id: 'echoing', steps: [{ id: 's', type: 'tool', tool: 'echoing', retry: { maxAttempts: 1 } }] })
      expect([error.status, error.error?.code]).toEqual(['failed', 'TOOL_FAILED'])
      expect(error.error?.message.length).toBeLessThan(10_000)
      expect(await storedBytes(storage, error.id), 'the error message is stored cut, not 5 MB four times').toBeLessThan(65_536)
    })

    it('an expression building 300 KB exceeds maxOutputBytes; a lowered per-workflow limit applies', async () => {
      const engine = engineWith()
      const wide = await engine.run({ id: 'wide', steps: [{ id: 's', type: 'set', values: { v: '$pad("", 100000, "x") & $pad("", 100000, "x") & $pad("", 100000, "x")' } }] })
      expect([wide.status, wide.error?.code]).toEqual(['failed', 'LIMIT_EXCEEDED'])
      expect(await storedBytes(storage, wide.id)).toBeLessThan(1_048_576)
      const small = await engine.run({ id: 'small', limits: { maxOutputBytes: 1_000 }, steps: [{ id: 's', type: 'set', values: { v: '$pad("", 2000, "x")' } }] })
      expect([small.status, small.error?.code]).toEqual(['failed', 'LIMIT_EXCEEDED'])
    })

    it('a loop growing the execution state stops at maxStateBytes', async () => {
      const engine = engineWith()
      const limit = 1_000_000
      const execution = await engine.run({
        id: 'grow',
        limits: { maxStateBytes: limit },
        steps: [{ id: 'l', type: 'loop', over: '[1..100]', steps: [{ id: 's', type: 'set', values: { v: '$pad("", 100000, "x")' } }] }],
      })
      expect([execution.status, execution.error?.code, execution.error?.message]).toEqual(['failed', 'LIMIT_EXCEEDED', expect.stringContaining('maxStateBytes')])
      const steps = await engine.executions.steps(execution.id)
      expect(steps.filter((s) => s.stepId === 's' && s.status === 'completed').length).toBeLessThan(12)
      // Each iteration's value is stored in its row and its events: a few times the state, not more.
      expect(await storedBytes(storage, execution.id)).toBeLessThan(5 * limit)
    })

    it('webhook bodies past the cap are refused with 413 before any execution, with or without Content-Length', async () => {
      const engine = engineWith()
      await engine.workflows.save({ id: 'sink', steps: [{ id: 'ok', type: 'set', values: { v: '1' } }] })
      await engine.triggers.save({ name: 'hook', type: 'webhook', workflowId: 'sink', config: { path: 'hook', secret: 'k' } })
      const body = JSON.stringify({ blob: big(5_000_000) })
      const declared = await engine.handleWebhook(webhookRequest('hook', body, { 'X-Hub-Signature-256': githubSignature('k', body) }))
      expect(declared.status).toBe(413)
      const chunks = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 40; i++) controller.enqueue(new TextEncoder().encode(big(50_000)))
          controller.close()
        },
      })
      const streamed = await engine.handleWebhook(
        new Request('https://app.example.com/api/webhooks/hook', { method: 'POST', body: chunks, headers: { 'X-Hub-Signature-256': 'sha256=00' }, duplex: 'half' } as RequestInit),
      )
      expect(streamed.status).toBe(413)
      expect(await engine.executions.list()).toEqual([])
    })
  })
}
