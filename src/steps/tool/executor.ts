import type { Tool } from 'ai'
import { callTool } from '../../adapters/tools/call-tool.js'
import { StepwiseError } from '../../errors/stepwise-error.js'
import { compileValueTemplate } from '../../language/expressions/index.js'
import { guardToolCall, type GuardVerdict } from '../../policy/tool-guard.js'
import type { StepContext, StepOutcome } from '../../engine/step-type.js'
import type { ToolStep } from './schema.js'

const STRICT = { strict: true }

const completed = (output: unknown): StepOutcome => ({ status: 'completed', output })

/** Whether a value holds no template (then it is the input as written). */
function isStatic(value: unknown): boolean {
  try {
    return compileValueTemplate(value).isStatic
  } catch {
    return false // resolveValue reports the invalid template with its field
  }
}

/** Resolves the tool arguments (templates at any depth; an undefined whole-value expression fails). */
export function prepareTool(context: StepContext<ToolStep>): unknown {
  const args = context.step.arguments ?? {}
  // Arguments without templates need no evaluation: returned as they are, without a promise.
  if (isStatic(args)) return args
  return context.resolveValue(args, '/arguments', STRICT)
}

/** Calls the host tool with the resolved arguments. */
export function executeTool(context: StepContext<ToolStep>, input: unknown): StepOutcome | Promise<StepOutcome> {
  const name = context.step.tool
  const tool = Object.hasOwn(context.services.tools, name) ? context.services.tools[name] : undefined
  if (tool === undefined) {
    const known = Object.keys(context.services.tools)
    return {
      status: 'failed',
      error: new StepwiseError('TOOL_FAILED', `Unknown tool "${name}". Known tools: ${known.length === 0 ? '(none)' : known.join(', ')}.`, { retryable: false, details: { tool: name } }),
    }
  }
  const guarded = guardToolCall(context, { name, tool, input })
  if (guarded instanceof Promise) return guarded.then((verdict) => afterGuard(context, name, tool, input, verdict))
  return afterGuard(context, name, tool, input, guarded)
}

function afterGuard(context: StepContext<ToolStep>, name: string, tool: Tool, input: unknown, verdict: GuardVerdict): StepOutcome | Promise<StepOutcome> {
  if (verdict.kind === 'deny') return { status: 'failed', error: verdict.error }
  if (verdict.kind === 'wait') return verdict.outcome
  const idempotencyKey = context.idempotencyKey
  return callTool(name, tool, input, context.signal, {
    tenantId: context.tenantId,
    executionId: context.executionId,
    stepId: context.step.id,
    iterationPath: context.iterationPath,
    attempt: context.attempt,
    idempotencyKey,
  }, `${idempotencyKey}#${context.attempt}`).then(completed)
}
