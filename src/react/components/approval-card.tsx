/**
 * @module
 * `ApprovalCard`: an approval's prompt with Approve / Deny and an optional comment, or, once
 * decided, who decided what and when.
 */
import { useId, useState, type ReactNode } from 'react'
import type { ApprovalState } from '../approval-state.js'
import { iterationLabel } from '../step-instance.js'
import { classNames, formatTime } from './format.js'

/** Props of {@link ApprovalCard}. */
export interface ApprovalCardProps {
  /** The approval (from `useWorkflowExecution().approvals`). */
  approval: ApprovalState
  /** Called with the comment (if any) when Approve is pressed. */
  onApprove?: (comment: string | undefined) => void | Promise<unknown>
  /** Called with the comment (if any) when Deny is pressed. */
  onDeny?: (comment: string | undefined) => void | Promise<unknown>
  /** Disables the buttons (e.g. while `pending` is set). */
  busy?: boolean
  /** Offer a comment field (default true). */
  allowComment?: boolean
  /** Heading text (default `Approval required`). */
  title?: string
  /** Extra class names. */
  className?: string
}

const OUTCOME: Record<Exclude<ApprovalState['status'], 'pending'>, string> = {
  approved: '✓ Approved',
  denied: '✗ Denied',
  expired: '⌛ Expired',
}

/**
 * An approval request. While pending: the prompt, an optional comment field and the Approve and
 * Deny buttons. Once decided: the outcome, who decided, when, and the comment.
 *
 * @example
 * ```tsx
 * <ApprovalCard approval={approval} busy={pending !== undefined}
 *   onApprove={(comment) => approve({ stepId: approval.stepId, iterationPath: approval.iterationPath, comment })}
 *   onDeny={(comment) => deny({ stepId: approval.stepId, iterationPath: approval.iterationPath, comment })} />
 * ```
 */
export function ApprovalCard({ approval, onApprove, onDeny, busy = false, allowComment = true, title = 'Approval required', className }: ApprovalCardProps): ReactNode {
  const [comment, setComment] = useState('')
  const headingId = useId()
  const commentId = useId()
  const tag = iterationLabel(approval.iterationPath)
  const trimmed = comment.trim() === '' ? undefined : comment.trim()
  const decision = approval.decision
  return (
    <section className={classNames('stepwise-approval', className)} data-status={approval.status} aria-labelledby={headingId}>
      <h3 id={headingId} className="stepwise-step-title">
        {approval.status === 'pending' ? title : 'Approval'}
        {tag !== undefined && <span className="stepwise-tag stepwise-iteration"> {tag}</span>}
      </h3>
      <blockquote className="stepwise-content">{approval.prompt}</blockquote>
      {approval.status === 'pending' ? (
        <div className="stepwise-approval-form">
          {allowComment && (
            <>
              <label htmlFor={commentId}>Comment (optional)</label>
              <textarea id={commentId} value={comment} onChange={(event) => setComment(event.target.value)} rows={2} disabled={busy} />
            </>
          )}
          {approval.expiresAt !== undefined && (
            <p className="stepwise-meta">
              Expires <time dateTime={approval.expiresAt}>{formatTime(approval.expiresAt)}</time>
            </p>
          )}
          <div className="stepwise-actions">
            <button type="button" className="stepwise-button stepwise-approve" disabled={busy || onApprove === undefined} onClick={() => void onApprove?.(trimmed)}>
              Approve
            </button>
            <button type="button" className="stepwise-button stepwise-deny" disabled={busy || onDeny === undefined} onClick={() => void onDeny?.(trimmed)}>
              Deny
            </button>
          </div>
        </div>
      ) : (
        <p className="stepwise-decision" role="status">
          {OUTCOME[approval.status]}
          {decision?.by !== undefined && ` by ${decision.by}`}
          {decision !== undefined && (
            <>
              {' '}
              at <time dateTime={decision.decidedAt}>{formatTime(decision.decidedAt)}</time>
            </>
          )}
          {decision?.comment !== undefined && `: “${decision.comment}”`}
        </p>
      )}
    </section>
  )
}
