/**
 * @module
 * Tools of an MCP server as engine tools. stepwise does not depend on an MCP client: pass any
 * client whose `tools()` returns AI SDK tools, such as the AI SDK's `createMCPClient` from
 * `@ai-sdk/mcp`. See `docs/streaming-into-your-chat.md` (MCP section).
 */
import type { ToolMap } from '../../engine/services.js'

/** What {@link mcpTools} needs from an MCP client: the AI SDK MCP client satisfies it. */
export interface McpToolSource {
  /** The server's tools as AI SDK tools, by name. */
  tools(): Promise<Record<string, ToolMap[string]>>
}

/** Options of {@link mcpTools}. */
export interface McpToolsOptions {
  /** Prefix added to every tool name (e.g. `github_`), so the tools of several servers do not clash. */
  prefix?: string
  /** Keep only these tools (names as the server gives them). */
  include?: readonly string[]
  /** Drop these tools (names as the server gives them). */
  exclude?: readonly string[]
}

/**
 * Loads the tools of an MCP server, to spread into `createEngine({ tools })`. Steps name them
 * like any tool (`tools: ['docs_search']` in an `agent_prompt`, or a `tool` step), and they get
 * the step's abort signal. Load them before creating the engine, so validation knows their names.
 *
 * @example
 * ```ts
 * import { createMCPClient } from '@ai-sdk/mcp'
 *
 * const docs = await createMCPClient({ transport: { type: 'http', url: 'https://docs.example.com/mcp' } })
 * const engine = createEngine({ models, tools: { ...myTools, ...(await mcpTools(docs, { prefix: 'docs_' })) } })
 * // on shutdown: await engine.close(); await docs.close()
 * ```
 */
export async function mcpTools(client: McpToolSource, options: McpToolsOptions = {}): Promise<ToolMap> {
  const tools = await client.tools()
  const include = options.include === undefined ? undefined : new Set(options.include)
  const exclude = new Set(options.exclude ?? [])
  const result: ToolMap = {}
  for (const [name, tool] of Object.entries(tools)) {
    if ((include !== undefined && !include.has(name)) || exclude.has(name)) continue
    result[`${options.prefix ?? ''}${name}`] = tool
  }
  return result
}
