/**
 * @module
 * Risk metadata attached to tools. The engine's policy reads it before a tool has any effect.
 */

/** How much harm a tool call can do, from reading (`low`) to irreversible (`critical`). */
export type RiskLevel = 'low' | 'medium' | 'high' | 'critical'

/** Every risk level, lowest first. */
export const RISK_LEVELS: readonly RiskLevel[] = ['low', 'medium', 'high', 'critical']

/** What the engine knows about a tool beyond its AI SDK definition. */
export interface ToolMeta {
  /** Risk of one call. Host tools without metadata count as `medium`. */
  risk: RiskLevel
  /**
   * The tool changes workflows, triggers or proposals (save, update, delete, rollback, trigger
   * changes, proposal review/apply). Agents running inside a workflow execution may never call it.
   */
  mutatesWorkflows?: boolean
  /** The tool decides approvals. Agents running inside a workflow execution may never call it. */
  decidesApprovals?: boolean
}

const TOOL_META = Symbol.for('stepwise.toolMeta')

/**
 * Attaches risk metadata to a tool (an AI SDK tool or any object) and returns the same object.
 *
 * @example
 * ```ts
 * const refund = withToolMeta(tool({ inputSchema: z.object({ amount: z.number() }), execute: async () => 'ok' }), { risk: 'high' })
 * ```
 */
export function withToolMeta<T extends object>(tool: T, meta: ToolMeta): T {
  Object.defineProperty(tool, TOOL_META, { value: Object.freeze({ ...meta }), enumerable: false, configurable: true })
  return tool
}

/** The metadata attached by {@link withToolMeta}, if any. */
export function getToolMeta(tool: unknown): ToolMeta | undefined {
  if (typeof tool !== 'object' || tool === null) return undefined
  return (tool as { [TOOL_META]?: ToolMeta })[TOOL_META]
}
