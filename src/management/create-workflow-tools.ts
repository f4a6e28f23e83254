/**
 * @module
 * `createWorkflowTools`: the 22 workflow management actions as AI SDK tools, for a host's chat
 * agent (or, read-only and proposal-only, for agents inside workflows).
 */
import { tool, type Tool } from 'ai'
import type { z } from 'zod'
import type { Engine } from '../engine/engine-types.js'
import { resolvePolicy, type ToolPolicy } from '../policy/policy.js'
import { withToolMeta, type ToolMeta } from '../policy/tool-meta.js'
import { executionSpecs } from './execution-specs.js'
import { executionCallContext, invokeWorkflowTool, type ToolSetContext } from './invoke-workflow-tool.js'
import { proposalSpecs } from './proposal-specs.js'
import type { WorkflowToolResult } from './tool-result.js'
import { triggerSpecs } from './trigger-specs.js'
import { workflowSpecs } from './workflow-specs.js'
import type { WorkflowToolSpec } from './workflow-tool-spec.js'

/** Every management tool, in the order they are offered. */
export const workflowToolSpecs = { ...workflowSpecs, ...proposalSpecs, ...executionSpecs, ...triggerSpecs }


/** Name of a workflow management tool. */
export type WorkflowToolName =
  | 'list_workflows'
  | 'get_workflow'
  | 'list_workflow_history'
  | 'save_workflow'
  | 'update_workflow'
  | 'run_workflow'
  | 'delete_workflow'
  | 'rollback_workflow'
  | 'create_workflow_proposal'
  | 'list_workflow_proposals'
  | 'review_workflow_proposal'
  | 'apply_workflow_proposal'
  | 'list_executions'
  | 'get_execution'
  | 'get_execution_steps'
  | 'debug_execution'
  | 'approve_execution'
  | 'cancel_execution'
  | 'list_triggers'
  | 'save_trigger'
  | 'run_trigger'
  | 'delete_trigger'

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
// Fails to compile when a tool is added to or removed from the specs without its name here.
const _namesMatch: Same<keyof typeof workflowToolSpecs, WorkflowToolName> = true

/** Input of a management tool: a JSON object, checked by the tool's zod schema (see each tool's `inputSchema`). */
export type WorkflowToolInput = Record<string, unknown>

/** The management tools by name: AI SDK tools whose results are {@link WorkflowToolResult}s. */
export type WorkflowTools = { readonly [K in WorkflowToolName]: Tool<WorkflowToolInput, WorkflowToolResult> }

/** Every management tool name, in the order they are offered. */
export const WORKFLOW_TOOL_NAMES = Object.freeze(Object.keys(workflowToolSpecs)) as readonly WorkflowToolName[]

/** Options of {@link createWorkflowTools}. */
export interface CreateWorkflowToolsOptions {
  /**
   * Who acts, from the host's auth (e.g. `user:ana` or `agent:support`): recorded as the author
   * of saves and proposals and as `by` of reviews and approval decisions.
   */
  actor: string
  /** Tenant the tools act for (default: the engine's). Ids of other tenants answer `NOT_FOUND`. */
  tenantId?: string
  /**
   * Tool policy: `approve` sets the AI SDK's `needsApproval` (the host's chat asks the user),
   * `deny` makes the tool refuse. Pass the policy given to `createEngine({ policy })`. Default:
   * low and medium allow, high approve, critical deny.
   */
  policy?: ToolPolicy
}

/** The risk metadata of one spec. */
export function specMeta(spec: WorkflowToolSpec): ToolMeta {
  return {
    risk: spec.risk,
    ...(spec.mutatesWorkflows === true ? { mutatesWorkflows: true } : {}),
    ...(spec.decidesApprovals === true ? { decidesApprovals: true } : {}),
  }
}

/** The tenant-scoped engine and actor every call of one tool set uses. */
export function toolSetContext(engine: Engine, options: CreateWorkflowToolsOptions): ToolSetContext {
  return { engine: engine.forTenant(options.tenantId ?? engine.tenantId, { actor: options.actor }), actor: options.actor }
}

/**
 * Creates the 22 workflow management tools (list, get, history, save, update, run, delete,
 * rollback workflows; create, list, review, apply proposals; list, get, steps, debug, approve,
 * cancel executions; list, save, run, delete triggers) as AI SDK tools, each with a risk level
 * ({@link withToolMeta}) and a zod input schema.
 *
 * Results are JSON: `{ ok: true, … }` or `{ ok: false, error: { code, message } }`; nothing is
 * thrown into the model loop. Inside a workflow execution, the tools that change workflows,
 * triggers or proposals, and `approve_execution`, refuse (the engine also denies them before
 * they run). Approval tokens are never returned.
 *
 * @example
 * ```ts
 * import { openai } from '@ai-sdk/openai'
 * import { streamText, stepCountIs } from 'ai'
 * import { createWorkflowTools } from 'stepwise'
 *
 * const result = streamText({
 *   model: openai('gpt-5-mini'),
 *   tools: createWorkflowTools(engine, { actor: `user:${user.id}` }),
 *   stopWhen: stepCountIs(8),
 *   prompt: 'Why did my nightly report fail?',
 * })
 * ```
 */
export function createWorkflowTools(engine: Engine, options: CreateWorkflowToolsOptions): WorkflowTools {
  const set = toolSetContext(engine, options)
  const tools: Record<string, Tool<unknown, WorkflowToolResult>> = {}
  for (const [name, spec] of Object.entries(workflowToolSpecs) as [string, WorkflowToolSpec][]) {
    const meta = specMeta(spec)
    const { decision } = resolvePolicy(options.policy, name, withToolMeta({}, meta))
    const created = tool<unknown, WorkflowToolResult>({
      description: spec.description,
      inputSchema: spec.inputSchema as z.ZodType<unknown>,
      execute: (input, execution) => invokeWorkflowTool(name, spec, input, set, decision, executionCallContext(execution.experimental_context)),
      // Outside executions the host's chat asks the user; inside, the engine's policy decides.
      ...(decision === 'approve' ? { needsApproval: (_input: unknown, call: { experimental_context?: unknown }) => executionCallContext(call.experimental_context) === undefined } : {}),
    })
    tools[name] = withToolMeta(created, meta)
  }
  return tools as unknown as WorkflowTools
}
