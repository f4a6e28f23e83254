/**
 * @module
 * `variableMapping` entries and event filters: JSONata evaluated with the payload as its input
 * (`issue.title`, `$.issue.title`, `query.ref`), compiled with the engine's sandboxed
 * `compileExpression` (same bounds as step expressions; `$$` is not the payload, use `$`).
 */
import { DEFAULT_LIMITS } from '../language/workflow-types.js'
import { compileExpression, unwrapSingleExpression, type CompiledExpression, type ExpressionContext } from '../language/expressions/index.js'
import type { TriggerContext } from './context.js'

/** Compiles a payload expression (raw JSONata or one `{{ … }}`); throws `EXPRESSION_FAILED` / `LIMIT_EXCEEDED`. */
export function compilePayloadExpression(source: string): CompiledExpression {
  const inner = unwrapSingleExpression(source)?.source ?? source.trim()
  // The payload is passed as `variables`; the path step makes it the input of the expression.
  return compileExpression(`variables.(\n${inner}\n)`)
}

/** Evaluates a payload expression. */
export async function evaluateOnPayload(ctx: TriggerContext, source: string, payload: Record<string, unknown>): Promise<unknown> {
  const context: ExpressionContext = { variables: payload, outputs: {}, steps: {}, execution: { id: '', workflowId: '', startedAt: '' } }
  const timeoutMs = ctx.core.limits.expressionTimeoutMs ?? DEFAULT_LIMITS.expressionTimeoutMs
  return compilePayloadExpression(source).evaluate(context, { now: ctx.core.now(), timeoutMs, maxDepth: 200, maxSequence: 100_000 })
}

/** Applies a variable mapping; entries that evaluate to `undefined` are left out. */
export async function mapVariables(ctx: TriggerContext, mapping: Record<string, string> | undefined, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
  const variables: Record<string, unknown> = {}
  for (const [name, source] of Object.entries(mapping ?? {})) {
    const value = await evaluateOnPayload(ctx, source, payload)
    if (value !== undefined) variables[name] = value
  }
  return variables
}
