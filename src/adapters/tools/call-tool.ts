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

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const schemas = new WeakMap<object, ReturnType<typeof asSchema<any>>>()

/** The tool's input schema as an AI SDK `Schema`, converted once per schema object. */
function inputSchemaOf(inputSchema: object) {
  let schema = schemas.get(inputSchema)
  if (schema === undefined) {
    schema = asSchema(inputSchema as Parameters<typeof asSchema>[0])
    schemas.set(inputSchema, schema)
  }
  return schema
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
export function callTool(name: string, tool: Tool<any, any>, input: unknown, signal: AbortSignal, context: ToolCallContext, toolCallId: string): Promise<unknown> {
  if (typeof tool.execute !== 'function') {
    return Promise.reject(new StepwiseError('TOOL_FAILED', `Tool "${name}" has no execute function.`, { retryable: false }))
  }
  const execute = tool.execute
  const run = (value: unknown): Promise<unknown> => {
    let output: unknown
    try {
      output = execute(value, { toolCallId, messages: [], abortSignal: signal, experimental_context: context })
    } catch (error) {
      return Promise.reject(toolError(name, error))
    }
    // Plain values and promises of them take no async frame; a streaming tool's last value is its result.
    return Promise.resolve(output).then((value) => (isAsyncIterable(value) ? lastOf(value) : value)).catch((error: unknown) => {
      throw toolError(name, error)
    })
  }
  const schema = tool.inputSchema === undefined ? undefined : inputSchemaOf(tool.inputSchema)
  if (schema?.validate === undefined) return run(input)
  return Promise.resolve(schema.validate(input)).then((result) => {
    if (!result.success) {
      throw new StepwiseError('TOOL_FAILED', `Invalid input for tool "${name}": ${result.error.message}`, { retryable: false, details: { tool: name } })
    }
    return run(result.value)
  })
}

async function lastOf(values: AsyncIterable<unknown>): Promise<unknown> {
  let last: unknown
  for await (const part of values) last = part
  return last
}

function toolError(name: string, error: unknown): StepwiseError {
  if (StepwiseError.isInstance(error)) return error
  return new StepwiseError('TOOL_FAILED', `Tool "${name}" failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error, details: { tool: name } })
}
