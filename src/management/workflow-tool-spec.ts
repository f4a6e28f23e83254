/**
 * @module
 * One management tool, described once and served both as an AI SDK tool and as an MCP tool.
 */
import type { z } from 'zod'
import type { ToolCallContext } from '../adapters/tools/call-tool.js'
import type { Engine } from '../engine/engine-types.js'
import { StepwiseError } from '../errors/stepwise-error.js'
import type { RiskLevel } from '../policy/tool-meta.js'

/** What a management tool acts with. */
export interface ManagementContext {
  /** The engine, scoped to the tools' tenant. */
  readonly engine: Engine
  /** Who acts: recorded as author of saves and proposals, and as `by` of reviews and decisions. */
  readonly actor: string
  /** Set when an agent inside a workflow execution calls the tool. */
  readonly call?: ToolCallContext
}

/** A management tool: description, risk, input schema and what it does. */
export interface WorkflowToolSpec<I extends z.ZodObject = z.ZodObject> {
  /** What the tool does, written for a model. */
  readonly description: string
  /** Risk of one call. */
  readonly risk: RiskLevel
  /** Changes workflows, triggers or proposals: never callable from inside an execution. */
  readonly mutatesWorkflows?: boolean
  /** Decides approvals: never callable from inside an execution. */
  readonly decidesApprovals?: boolean
  /** Only reads (an MCP `readOnlyHint`). */
  readonly readOnly?: boolean
  /** Input schema. */
  readonly inputSchema: I
  /** Does the work; throws a `StepwiseError` on failure (turned into a failure result by the caller). */
  run(input: z.output<I>, context: ManagementContext): Promise<Record<string, unknown>>
}

/** Declares a management tool with its input type inferred from the schema. */
export function defineWorkflowTool<I extends z.ZodObject>(spec: WorkflowToolSpec<I>): WorkflowToolSpec<I> {
  return spec
}

/** Inside an execution, refuses to start the workflow that execution runs (an agent restarting itself would recurse). */
export async function refuseSelfStart(engine: Engine, call: ToolCallContext | undefined, workflowId: string): Promise<void> {
  if (call === undefined) return
  const current = await engine.executions.get(call.executionId)
  if (current.workflowId === workflowId) {
    throw new StepwiseError('POLICY_DENIED', `Workflow ${workflowId} is the workflow this agent runs in; an agent cannot start its own workflow (it would recurse).`)
  }
}
