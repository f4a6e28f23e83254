import { asSchema, type Tool } from 'ai'
import { StepwiseError } from '../../errors/stepwise-error.js'

/** Back-pointers passed to every tool as `options.experimental_context`. */
export interface ToolCallContext {
  /** The tenant the execution belongs to. */
  tenantId: string
  /** The execution. */
  executionId: string
  /** The step. */
  stepId: string
  /** Iteration path of the step instance. */
  iterationPath: string
  /** Attempt number. */
  attempt: number
  /** Stable across attempts and resumes: use it to make the tool's effect happen once. */
  idempotencyKey: string
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value
}

/**
 * Validates `input` with the tool's `inputSchema` and calls its `execute` with the AI SDK's
 * options (`toolCallId`, `abortSignal`, `experimental_context`). A streaming tool's last value
 * is its result. Invalid input fails with `TOOL_FAILED` (not retryable).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function callTool(name: string, tool: Tool<any, any>, input: unknown, signal: AbortSignal, context: ToolCallContext, toolCallId: string): Promise<unknown> {
  if (typeof tool.execute !== 'function') {
    throw new StepwiseError('TOOL_FAILED', `Tool "${name}" has no execute function.`, { retryable: false })
  }
  let value = input
  if (tool.inputSchema !== undefined) {
    const schema = asSchema(tool.inputSchema)
    if (schema.validate !== undefined) {
      const result = await schema.validate(input)
      if (!result.success) {
        throw new StepwiseError('TOOL_FAILED', `Invalid input for tool "${name}": ${result.error.message}`, { retryable: false, details: { tool: name } })
      }
      value = result.value
    }
  }
  let output: unknown
  try {
    output = await tool.execute(value, { toolCallId, messages: [], abortSignal: signal, experimental_context: context })
    if (isAsyncIterable(output)) {
      let last: unknown
      for await (const part of output) last = part
      output = last
    }
  } catch (error) {
    if (StepwiseError.isInstance(error)) throw error
    throw new StepwiseError('TOOL_FAILED', `Tool "${name}" failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error, details: { tool: name } })
  }
  return output
}
