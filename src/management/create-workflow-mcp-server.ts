/**
 * @module
 * `createWorkflowMcpServer`: the same 22 management tools served over MCP. The MCP SDK
 * (`@modelcontextprotocol/sdk`) is an optional peer: it is imported only when this function runs,
 * so the core never loads it.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import type { Engine } from '../engine/engine-types.js'
import { StepwiseError } from '../errors/stepwise-error.js'
import { resolvePolicy } from '../policy/policy.js'
import { withToolMeta, type RiskLevel } from '../policy/tool-meta.js'
import { specMeta, toolSetContext, workflowToolSpecs, type CreateWorkflowToolsOptions, type WorkflowToolName } from './create-workflow-tools.js'
import { invokeWorkflowTool } from './invoke-workflow-tool.js'
import { toolFailure, type WorkflowToolResult } from './tool-result.js'
import type { WorkflowToolSpec } from './workflow-tool-spec.js'

/** A call the policy holds for a person's decision (`approve`), passed to {@link WorkflowMcpServerOptions.approve}. */
export interface WorkflowMcpApprovalRequest {
  /** The tool. */
  tool: WorkflowToolName
  /** Its validated input. */
  input: Record<string, unknown>
  /** Its risk level. */
  risk: RiskLevel
  /** The actor the server acts as. */
  actor: string
}

/** Options of {@link createWorkflowMcpServer}. */
export interface WorkflowMcpServerOptions extends CreateWorkflowToolsOptions {
  /** Server name announced to clients (default `stepwise-workflows`). */
  name?: string
  /** Server version announced to clients (default `1.0.0`). */
  version?: string
  /**
   * Decides calls the policy marks `approve` (by default the high-risk tools), for example by
   * asking the user through MCP elicitation or your own UI. Without it those calls are refused
   * with `POLICY_DENIED`: MCP has no approval step of its own that the server could rely on.
   */
  approve?: (request: WorkflowMcpApprovalRequest) => boolean | Promise<boolean>
  /** Register the tools on this existing server instead of creating one. */
  server?: McpServer
}

async function loadMcpServer(): Promise<typeof McpServer> {
  try {
    return (await import('@modelcontextprotocol/sdk/server/mcp.js')).McpServer
  } catch (error) {
    throw new StepwiseError('CONFIGURATION_INVALID', 'createWorkflowMcpServer needs the MCP SDK: npm install @modelcontextprotocol/sdk', { cause: error })
  }
}

function mcpResult(result: WorkflowToolResult): { content: { type: 'text'; text: string }[]; structuredContent: Record<string, unknown>; isError: boolean } {
  return { content: [{ type: 'text', text: JSON.stringify(result) }], structuredContent: result as unknown as Record<string, unknown>, isError: !result.ok }
}

/**
 * Serves the workflow management tools (the same 22 as {@link createWorkflowTools}, same input
 * schemas, same JSON results) as an MCP server. Connect it to any transport (stdio, Streamable
 * HTTP, or in-memory for tests). Results are both JSON text and `structuredContent`; failures set
 * `isError`. Calls the policy marks `approve` go to `options.approve` (refused without it).
 *
 * @example
 * ```ts
 * import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
 * import { createWorkflowMcpServer } from 'stepwise'
 *
 * const server = await createWorkflowMcpServer(engine, { actor: 'user:ops', policy: { byRisk: { high: 'deny' } } })
 * await server.connect(new StdioServerTransport())
 * ```
 */
export async function createWorkflowMcpServer(engine: Engine, options: WorkflowMcpServerOptions): Promise<McpServer> {
  const server = options.server ?? new (await loadMcpServer())({ name: options.name ?? 'stepwise-workflows', version: options.version ?? '1.0.0' })
  const set = toolSetContext(engine, options)
  for (const [name, spec] of Object.entries(workflowToolSpecs) as [WorkflowToolName, WorkflowToolSpec][]) {
    const meta = specMeta(spec)
    const { decision, risk } = resolvePolicy(options.policy, name, withToolMeta({}, meta))
    server.registerTool(
      name,
      {
        description: spec.description,
        inputSchema: spec.inputSchema,
        annotations: { readOnlyHint: spec.readOnly === true, destructiveHint: risk === 'high' || risk === 'critical', openWorldHint: false },
      },
      async (input: Record<string, unknown>) => {
        if (decision === 'approve') {
          if (options.approve === undefined) {
            return mcpResult(toolFailure('POLICY_DENIED', `Denied: ${name} needs a person's approval and this server has no approver configured. Nothing was changed.`, { tool: name }))
          }
          let approved = false
          try {
            approved = await options.approve({ tool: name, input, risk, actor: set.actor })
          } catch {
            approved = false
          }
          if (!approved) return mcpResult(toolFailure('POLICY_DENIED', `Denied: the approver refused ${name}. Nothing was changed.`, { tool: name }))
        }
        return mcpResult(await invokeWorkflowTool(name, spec, input, set, decision === 'approve' ? 'allow' : decision, undefined))
      },
    )
  }
  return server
}
