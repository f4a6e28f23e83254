/**
 * @module
 * The tool policy: maps a tool's risk level (or the tool itself) to `allow | approve | deny`.
 */
import { getToolMeta, type RiskLevel, type ToolMeta } from './tool-meta.js'

/** What happens when a tool is about to be called. */
export type PolicyDecision = 'allow' | 'approve' | 'deny'

/** The engine's tool policy (`createEngine({ policy })`). The most specific rule wins: tool, then risk. */
export interface ToolPolicy {
  /** Decision per risk level. Defaults: low → allow, medium → allow, high → approve, critical → deny. */
  byRisk?: Partial<Record<RiskLevel, PolicyDecision>>
  /** Decision per tool name; overrides `byRisk`. */
  byTool?: Record<string, PolicyDecision>
  /** Risk level per tool name, for tools without {@link withToolMeta} metadata. */
  toolRisk?: Record<string, RiskLevel>
}

/** Default decision per risk level. */
export const DEFAULT_POLICY_BY_RISK: Readonly<Record<RiskLevel, PolicyDecision>> = Object.freeze({
  low: 'allow',
  medium: 'allow',
  high: 'approve',
  critical: 'deny',
})

/** The risk level the policy assigns to a tool: its metadata, else `policy.toolRisk`, else `medium`. */
export function toolRiskLevel(policy: ToolPolicy | undefined, name: string, tool: unknown): RiskLevel {
  return policy?.toolRisk?.[name] ?? getToolMeta(tool)?.risk ?? 'medium'
}

/** What {@link resolvePolicy} decided for one tool. */
export interface ResolvedPolicy {
  /** allow, approve or deny. */
  decision: PolicyDecision
  /** The tool's risk level. */
  risk: RiskLevel
  /** The tool's metadata, if it has any. */
  meta: ToolMeta | undefined
}

/** Resolves the decision for one tool: `byTool`, then `byRisk`, then the defaults. */
export function resolvePolicy(policy: ToolPolicy | undefined, name: string, tool: unknown): ResolvedPolicy {
  const risk = toolRiskLevel(policy, name, tool)
  const decision = policy?.byTool?.[name] ?? policy?.byRisk?.[risk] ?? DEFAULT_POLICY_BY_RISK[risk]
  return { decision, risk, meta: getToolMeta(tool) }
}
