/**
 * @module
 * The approvals of an execution as the UI shows them, from `approval.*` events and, before those
 * arrive, from the approval steps' records. The secret approval token is never kept.
 */
import type { ApprovalDecision, StepRecord, StepwiseEvent } from '../index.js'

/** One approval of an execution. */
export interface ApprovalState {
  /** The execution. */
  executionId: string
  /** The approval step. */
  stepId: string
  /** Iteration path of the step instance. */
  iterationPath: string
  /** The resolved prompt. */
  prompt: string
  /** `pending` until decided. */
  status: 'pending' | 'approved' | 'denied' | 'expired'
  /** The decision, once made: who decided, the comment, when. */
  decision?: ApprovalDecision
  /** ISO time it times out, if it has a timeout. */
  expiresAt?: string
}

/** The `approval.*` events. */
export type ApprovalEvent = Extract<StepwiseEvent, { type: `approval.${string}` }>

/** Whether an event is an `approval.*` event. */
export function isApprovalEvent(event: StepwiseEvent): event is ApprovalEvent {
  return event.type.startsWith('approval.')
}

/** Applies an `approval.*` event; a decided approval keeps its decision. */
export function reduceApproval(approval: ApprovalState | undefined, event: ApprovalEvent): ApprovalState {
  const base: ApprovalState = approval ?? { executionId: event.executionId, stepId: event.stepId, iterationPath: event.iterationPath, prompt: '', status: 'pending' }
  switch (event.type) {
    case 'approval.requested': {
      const next: ApprovalState = { ...base, prompt: event.prompt }
      if (event.expiresAt !== undefined) next.expiresAt = event.expiresAt
      return next
    }
    case 'approval.decided':
      return { ...base, status: event.decision.decision, decision: event.decision }
    case 'approval.expired':
      return base.status === 'pending' ? { ...base, status: 'expired' } : base
    default:
      return base
  }
}

function decisionOf(output: unknown): ApprovalDecision | undefined {
  if (typeof output !== 'object' || output === null) return undefined
  const value = output as Record<string, unknown>
  if (typeof value.approved !== 'boolean' || typeof value.decidedAt !== 'string') return undefined
  const decision: ApprovalDecision = {
    approved: value.approved,
    decision: value.decision === 'expired' ? 'expired' : value.approved ? 'approved' : 'denied',
    decidedAt: value.decidedAt,
  }
  if (typeof value.by === 'string') decision.by = value.by
  if (typeof value.comment === 'string') decision.comment = value.comment
  return decision
}

/** What an approval step's record tells about its approval (before its events arrive). */
export function approvalFromStep(step: StepRecord): ApprovalState | undefined {
  if (step.stepType !== 'approval') return undefined
  const input = step.input as { prompt?: unknown } | undefined
  const waiting = step.waitingFor?.kind === 'approval' ? step.waitingFor : undefined
  const prompt = waiting?.prompt ?? (typeof input?.prompt === 'string' ? input.prompt : '')
  const state: ApprovalState = { executionId: step.executionId, stepId: step.stepId, iterationPath: step.iterationPath, prompt, status: 'pending' }
  if (waiting?.expiresAt !== undefined) state.expiresAt = waiting.expiresAt
  const decision = decisionOf(step.output)
  if (decision !== undefined) return { ...state, status: decision.decision, decision }
  return step.status === 'waiting' || step.status === 'running' || step.status === 'pending' ? state : undefined
}
