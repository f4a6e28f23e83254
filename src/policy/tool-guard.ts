/**
 * @module
 * Applies the tool policy to one tool call made inside a step instance, before the call has any
 * effect: deny (with a `policy.denied` event), allow, or hold it for a person's decision with a
 * durable approval that shows the exact arguments and is bound to their hash.
 */
import { newToken } from '../engine/ids.js'
import type { ApprovalRecord, PendingToolCall, StepRecord, WaitingFor } from '../engine/records.js'
import type { StepContext, WaitingOutcome } from '../engine/step-type.js'
import { StepwiseError } from '../errors/stepwise-error.js'
import { canonicalHash } from '../language/canonical-hash.js'
import { resolvePolicy } from './policy.js'
import type { RiskLevel } from './tool-meta.js'

/** Why a call was refused (see the `policy.denied` event). */
export type DenyReason = 'policy' | 'in_execution' | 'reviewer' | 'arguments_changed'

/** What the policy says about one call. */
export type GuardVerdict =
  | { kind: 'allow' }
  | { kind: 'deny'; error: StepwiseError }
  | { kind: 'wait'; outcome: WaitingOutcome }

/** The call being guarded. */
export interface GuardedCall {
  /** Tool name. */
  name: string
  /** The tool object (its metadata sets the risk). */
  tool: unknown
  /** The exact arguments. */
  input: unknown
  /** The agent's tool call id, if an agent made the call. */
  toolCallId?: string
}

const MESSAGES: Record<DenyReason, (name: string, risk: RiskLevel) => string> = {
  policy: (name, risk) => `Tool "${name}" (risk ${risk}) is denied by the tool policy. Do not call it again.`,
  in_execution: (name) =>
    `Tool "${name}" changes workflows, triggers or proposals, or decides approvals: agents running inside a workflow execution may not call it. A person (or an agent outside the execution) must do this.`,
  reviewer: (name) => `A person denied the call to tool "${name}". Do not call it again.`,
  arguments_changed: (name) => `The call to tool "${name}" differs from the one a person allowed; it was not made.`,
}

/** Emits `policy.denied` and returns the matching `POLICY_DENIED` error. */
export function denyCall(context: StepContext, call: GuardedCall, risk: RiskLevel, reason: DenyReason): GuardVerdict & { kind: 'deny' } {
  context.emit(call.toolCallId === undefined
    ? { type: 'policy.denied', tool: call.name, risk, reason }
    : { type: 'policy.denied', tool: call.name, risk, reason, toolCallId: call.toolCallId })
  const message = MESSAGES[reason](call.name, risk)
  return { kind: 'deny', error: new StepwiseError('POLICY_DENIED', message, { retryable: false, details: { tool: call.name, risk, reason } }) }
}

/** The pending call journaled on a waiting step row (its `waitingFor.tool`). */
export function pendingToolOf(row: StepRecord | undefined): PendingToolCall | undefined {
  const waiting = row?.waitingFor
  const pending = waiting?.kind === 'approval' ? waiting.tool : undefined
  return pending !== undefined && typeof pending === 'object' && typeof pending.argumentsHash === 'string' ? pending : undefined
}

function waitingFor(context: StepContext, approval: ApprovalRecord, pending: PendingToolCall): WaitingFor {
  const waiting: WaitingFor = { kind: 'approval', stepId: context.step.id, iterationPath: context.iterationPath, prompt: approval.prompt, token: approval.token, tool: pending }
  return waiting
}

function argumentsText(input: unknown): string {
  const text = JSON.stringify(input) ?? 'undefined'
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text
}

/**
 * Decides one call. `allow` may run the tool; `deny` must not; `wait` is returned by the step as
 * its outcome (the execution pauses with `waitingFor.tool` showing the exact call). A step
 * instance holds at most one approval: once it is decided, a second gated call is denied.
 */
export function guardToolCall(context: StepContext, call: GuardedCall): GuardVerdict | Promise<GuardVerdict> {
  const { decision, risk, meta } = resolvePolicy(context.services.policy, call.name, call.tool)
  if (meta?.mutatesWorkflows === true || meta?.decidesApprovals === true) return denyCall(context, call, risk, 'in_execution')
  // Allowed and denied calls are decided at once (no promise): the common path of every tool step.
  if (decision === 'allow') return ALLOW
  if (decision === 'deny') return denyCall(context, call, risk, 'policy')
  return awaitDecision(context, call, risk)
}

const ALLOW: GuardVerdict = Object.freeze({ kind: 'allow' })

/** A call the policy sends to a person: creates the approval, waits for it, or applies its decision. */
async function awaitDecision(context: StepContext, call: GuardedCall, risk: RiskLevel): Promise<GuardVerdict> {
  const argumentsHash = canonicalHash(call.input ?? null)
  const approval = await context.approvals.get()
  const stored = pendingToolOf(context.previous)
  if (approval !== undefined && stored === undefined) return denyCall(context, call, risk, 'arguments_changed')
  if (approval === undefined) {
    const pending: PendingToolCall = { name: call.name, arguments: call.input ?? null, argumentsHash, risk }
    if (call.toolCallId !== undefined) pending.toolCallId = call.toolCallId
    const created: ApprovalRecord = {
      executionId: context.executionId,
      stepId: context.step.id,
      iterationPath: context.iterationPath,
      token: newToken(),
      prompt: `Allow tool "${call.name}" (risk ${risk}) to run with arguments ${argumentsText(call.input)}?`,
      status: 'pending',
      createdAt: new Date(context.services.clock.now().getTime()).toISOString(),
    }
    context.emit({ type: 'approval.requested', prompt: created.prompt, token: created.token, tool: pending })
    return { kind: 'wait', outcome: { status: 'waiting', waitingFor: waitingFor(context, created, pending), approval: created, output: { pendingTool: pending } } }
  }
  if (approval.status === 'pending') return { kind: 'wait', outcome: { status: 'waiting', waitingFor: waitingFor(context, approval, stored as PendingToolCall), output: { pendingTool: stored } } }
  const decided = approval.decision
  if (decided !== undefined) context.emit({ type: 'approval.decided', decision: decided })
  if (decided === undefined || !decided.approved) return denyCall(context, call, risk, 'reviewer')
  if (stored === undefined || stored.argumentsHash !== argumentsHash || stored.name !== call.name) return denyCall(context, call, risk, 'arguments_changed')
  return { kind: 'allow' }
}
