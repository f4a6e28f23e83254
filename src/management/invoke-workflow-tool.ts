/**
 * @module
 * One call of a management tool, shared by the AI SDK tools and the MCP server: the in-execution
 * guard, the policy's `deny`, tenancy of the calling execution, and errors as results.
 */
import type { ToolCallContext } from '../adapters/tools/call-tool.js'
import type { Engine } from '../engine/engine-types.js'
import { StepwiseError } from '../errors/stepwise-error.js'
import type { PolicyDecision } from '../policy/policy.js'
import { failureFrom, jsonSafe, toolFailure, type WorkflowToolResult } from './tool-result.js'
import type { WorkflowToolSpec } from './workflow-tool-spec.js'

/** What every call of one tool set shares. */
export interface ToolSetContext {
  /** The engine, scoped to the tools' tenant. */
  readonly engine: Engine
  /** Who acts. */
  readonly actor: string
}

/** The engine's back-pointers when an agent inside an execution calls the tool, else undefined. */
export function executionCallContext(context: unknown): ToolCallContext | undefined {
  if (typeof context !== 'object' || context === null) return undefined
  const executionId = (context as { executionId?: unknown }).executionId
  return typeof executionId === 'string' && executionId !== '' ? (context as ToolCallContext) : undefined
}

/** Why an agent inside an execution may not call this tool, or undefined when it may. */
export function inExecutionDenial(name: string, spec: Pick<WorkflowToolSpec, 'mutatesWorkflows' | 'decidesApprovals'>, call: ToolCallContext): string | undefined {
  if (spec.decidesApprovals === true) {
    return `Denied: ${name} decides approvals, and agents running inside a workflow execution (${call.executionId}) may never approve or deny anything. Approvals belong to people. Nothing was changed.`
  }
  if (spec.mutatesWorkflows === true) {
    return `Denied: ${name} changes workflows, triggers or proposals, and agents running inside a workflow execution (${call.executionId}) may not. To suggest a change, use create_workflow_proposal; a person reviews it. Nothing was changed.`
  }
  return undefined
}

/** Runs one call and returns its result; never throws. */
export async function invokeWorkflowTool(
  name: string,
  spec: WorkflowToolSpec,
  input: unknown,
  set: ToolSetContext,
  decision: PolicyDecision,
  call: ToolCallContext | undefined,
): Promise<WorkflowToolResult> {
  try {
    if (call !== undefined) {
      const denial = inExecutionDenial(name, spec, call)
      if (denial !== undefined) return toolFailure('POLICY_DENIED', denial, { tool: name, executionId: call.executionId })
    }
    if (decision === 'deny') return toolFailure('POLICY_DENIED', `Denied: the tool policy does not allow ${name}. Nothing was changed; ask a person to do it.`, { tool: name })
    if (call !== undefined) await requireSameTenant(set.engine, call)
    const parsed = spec.inputSchema.safeParse(input)
    if (!parsed.success) return toolFailure('INVALID_ARGUMENT', `Invalid input for ${name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ')}`)
    const result = await spec.run(parsed.data, call === undefined ? set : { ...set, call })
    return { ok: true, ...jsonSafe(result) }
  } catch (error) {
    return failureFrom(error)
  }
}

/** An execution of another tenant must not reach this tenant's data through shared engine tools. */
async function requireSameTenant(engine: Engine, call: ToolCallContext): Promise<void> {
  try {
    await engine.executions.get(call.executionId)
  } catch (error) {
    if (StepwiseError.isInstance(error) && error.code === 'NOT_FOUND') {
      throw new StepwiseError('POLICY_DENIED', `Denied: these workflow tools serve tenant "${engine.tenantId}", and execution ${call.executionId} belongs to another tenant.`)
    }
    throw error
  }
}
