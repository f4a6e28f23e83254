import { callTool } from '../../adapters/tools/call-tool.js'
import { StepwiseError } from '../../errors/stepwise-error.js'
import { guardToolCall } from '../../policy/tool-guard.js'
import type { StepContext, StepOutcome } from '../../engine/step-type.js'
import type { ToolStep } from './schema.js'

/** Resolves the tool arguments (templates at any depth; an undefined whole-value expression fails). */
export function prepareTool(context: StepContext<ToolStep>): Promise<unknown> {
  return context.resolveValue(context.step.arguments ?? {}, '/arguments', { strict: true })
}

/** Calls the host tool with the resolved arguments. */
export async function executeTool(context: StepContext<ToolStep>, input: unknown): Promise<StepOutcome> {
  const name = context.step.tool
  const tool = Object.hasOwn(context.services.tools, name) ? context.services.tools[name] : undefined
  if (tool === undefined) {
    const known = Object.keys(context.services.tools)
    return {
      status: 'failed',
      error: new StepwiseError('TOOL_FAILED', `Unknown tool "${name}". Known tools: ${known.length === 0 ? '(none)' : known.join(', ')}.`, { retryable: false, details: { tool: name } }),
    }
  }
  const verdict = await guardToolCall(context, { name, tool, input })
  if (verdict.kind === 'deny') return { status: 'failed', error: verdict.error }
  if (verdict.kind === 'wait') return verdict.outcome
  const output = await callTool(name, tool, input, context.signal, {
    tenantId: context.tenantId,
    executionId: context.executionId,
    stepId: context.step.id,
    iterationPath: context.iterationPath,
    attempt: context.attempt,
    idempotencyKey: context.idempotencyKey,
  }, `${context.idempotencyKey}#${context.attempt}`)
  return { status: 'completed', output }
}
