import { StepwiseError } from '../../errors/stepwise-error.js'
import { newToken } from '../../engine/ids.js'
import type { ApprovalDecision, ApprovalRecord, WaitingFor } from '../../engine/records.js'
import type { StepContext, StepOutcome } from '../../engine/step-type.js'
import type { ApprovalStep } from './schema.js'

/** Journaled input of an approval: the rendered prompt. */
export interface ApprovalInput {
  /** The prompt shown to approvers. */
  prompt: string
}

/** Renders the prompt (approval prompts are templates, unlike valet's). */
export async function prepareApproval(context: StepContext<ApprovalStep>): Promise<ApprovalInput> {
  const template = context.step.prompt ?? `Approval required for step ${context.step.id}`
  return { prompt: await context.renderText(template, '/prompt') }
}

function waitingFor(context: StepContext<ApprovalStep>, approval: ApprovalRecord): WaitingFor {
  const waiting: WaitingFor = { kind: 'approval', stepId: context.step.id, iterationPath: context.iterationPath, prompt: approval.prompt, token: approval.token }
  if (approval.expiresAt !== undefined) waiting.expiresAt = new Date(approval.expiresAt).toISOString()
  return waiting
}

function decisionOutput(decision: ApprovalDecision): Record<string, unknown> {
  return { approved: decision.approved, decision: decision.decision, by: decision.by ?? null, comment: decision.comment ?? null, decidedAt: decision.decidedAt }
}

/**
 * First run: creates the approval (random secret token) and waits durably — no timer or
 * closure is held per waiting execution. On resume: applies the decision, or the timeout rule.
 */
export async function executeApproval(context: StepContext<ApprovalStep>, input: ApprovalInput): Promise<StepOutcome> {
  const { step } = context
  let approval = await context.approvals.get()
  if (approval === undefined) {
    const created: ApprovalRecord = {
      executionId: context.executionId,
      stepId: step.id,
      iterationPath: context.iterationPath,
      token: newToken(),
      prompt: input.prompt,
      status: 'pending',
      createdAt: new Date(context.services.clock.now().getTime()).toISOString(),
    }
    if (step.approvers !== undefined) created.approvers = step.approvers
    if (step.timeoutMs !== undefined) created.expiresAt = context.startedAt + step.timeoutMs
    const waiting = waitingFor(context, created)
    context.emit(waiting.kind === 'approval' && waiting.expiresAt !== undefined
      ? { type: 'approval.requested', prompt: created.prompt, token: created.token, expiresAt: waiting.expiresAt }
      : { type: 'approval.requested', prompt: created.prompt, token: created.token })
    return created.expiresAt === undefined ? { status: 'waiting', waitingFor: waiting, approval: created } : { status: 'waiting', waitingFor: waiting, approval: created, wakeAt: created.expiresAt }
  }
  if (approval.status === 'pending') {
    const now = context.services.clock.now().getTime()
    if (approval.expiresAt === undefined || now < approval.expiresAt) {
      const waiting = waitingFor(context, approval)
      return approval.expiresAt === undefined ? { status: 'waiting', waitingFor: waiting } : { status: 'waiting', waitingFor: waiting, wakeAt: approval.expiresAt }
    }
    approval = (await context.approvals.decide({ approved: false, decision: 'expired', decidedAt: new Date(now).toISOString() })) ?? approval
  }
  const decision = approval.decision as ApprovalDecision
  const onTimeout = step.onTimeout ?? 'deny'
  if (decision.decision === 'expired') {
    context.emit({ type: 'approval.expired', onTimeout })
    if (onTimeout === 'fail') {
      return { status: 'failed', error: new StepwiseError('STEP_TIMEOUT', `Approval of step ${step.id} timed out.`, { retryable: false }), output: decisionOutput(decision) }
    }
    if (onTimeout === 'approve') {
      const approved: ApprovalDecision = { ...decision, approved: true }
      context.emit({ type: 'approval.decided', decision: approved })
      return { status: 'completed', output: decisionOutput(approved) }
    }
  } else {
    context.emit({ type: 'approval.decided', decision })
  }
  if (decision.approved) return { status: 'completed', output: decisionOutput(decision) }
  const onDeny = step.onDeny ?? 'cancel'
  const reason = decision.decision === 'expired' ? 'approval_expired' : 'approval_denied'
  if (onDeny === 'continue') return { status: 'completed', output: decisionOutput(decision) }
  if (onDeny === 'fail') {
    return { status: 'failed', error: new StepwiseError('STEP_FAILED', `Approval of step ${step.id} was ${decision.decision}.`, { retryable: false, details: { reason } }), output: decisionOutput(decision) }
  }
  return { status: 'cancelled', reason, error: new StepwiseError('CANCELLED', `Approval of step ${step.id} was ${decision.decision}${decision.by === undefined ? '' : ` by ${decision.by}`}.`, { details: { reason } }) }
}
