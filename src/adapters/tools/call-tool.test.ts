import { jsonSchema, tool, type Tool } from 'ai'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { StepwiseError } from '../../errors/stepwise-error.js'
import { callTool, type ToolCallContext } from './call-tool.js'

const context: ToolCallContext = { tenantId: 't', executionId: 'e', stepId: 's', iterationPath: '', attempt: 1, idempotencyKey: 'e:s:' }
const signal = new AbortController().signal
const anyInput = jsonSchema<Record<string, unknown>>({ type: 'object' })

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const call = (t: Tool<any, any>, input: unknown = {}) => callTool('t1', t, input, signal, context, 'call-1')

async function failure(promise: Promise<unknown>): Promise<StepwiseError> {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  expect(StepwiseError.isInstance(error)).toBe(true)
  return error as StepwiseError
}

describe('callTool', () => {
  it('validates with the input schema, passes the parsed value, the call id and the context', async () => {
    const seen: unknown[] = []
    const t = tool({
      inputSchema: z.object({ n: z.coerce.number() }),
      execute: async (input, options) => {
        seen.push(input, options.toolCallId, options.experimental_context, options.abortSignal)
        return input.n + 1
      },
    })
    expect(await call(t, { n: '41' })).toBe(42)
    expect(seen).toEqual([{ n: 41 }, 'call-1', context, signal])
    // The converted schema is reused: a second call sees the same behaviour.
    expect(await call(t, { n: 1 })).toBe(2)
  })

  it('refuses invalid input with TOOL_FAILED, not retryable, without calling the tool', async () => {
    let calls = 0
    const t = tool({ inputSchema: z.object({ n: z.number() }), execute: async () => ++calls })
    const error = await failure(call(t, { n: 'x' }))
    expect([error.code, error.retryable, calls]).toEqual(['TOOL_FAILED', false, 0])
    expect(error.message).toMatch(/^Invalid input for tool "t1"/)
  })

  it('fails a tool without execute with TOOL_FAILED (a rejection, never a throw)', async () => {
    const t = { inputSchema: anyInput } as Tool
    const pending = call(t)
    expect(pending).toBeInstanceOf(Promise)
    expect((await failure(pending)).code).toBe('TOOL_FAILED')
  })

  it('wraps a synchronous throw and a rejection in TOOL_FAILED with the cause, and passes a StepwiseError through', async () => {
    const boom = new Error('boom')
    const sync = await failure(call(tool({ inputSchema: anyInput, execute: (() => { throw boom }) as never })))
    expect([sync.code, sync.message, sync.cause]).toEqual(['TOOL_FAILED', 'Tool "t1" failed: boom', boom])
    const rejected = await failure(call(tool({ inputSchema: anyInput, execute: async (): Promise<unknown> => Promise.reject(new Error('later')) })))
    expect([rejected.code, rejected.message]).toEqual(['TOOL_FAILED', 'Tool "t1" failed: later'])
    const own = new StepwiseError('RATE_LIMITED', 'slow down')
    expect(await failure(call(tool({ inputSchema: anyInput, execute: async (): Promise<unknown> => Promise.reject(own) })))).toBe(own)
  })

  it('returns plain values, and the last value of a streaming tool (its errors wrapped too)', async () => {
    expect(await call(tool({ inputSchema: anyInput, execute: (() => 'plain') as never }))).toBe('plain')
    const streaming = tool({
      inputSchema: anyInput,
      async *execute() {
        yield 'working'
        yield 'done'
      },
    })
    expect(await call(streaming)).toBe('done')
    const broken = tool({
      inputSchema: anyInput,
      async *execute() {
        yield 'working'
        throw new Error('stream broke')
      },
    })
    expect((await failure(call(broken))).message).toBe('Tool "t1" failed: stream broke')
  })
})
