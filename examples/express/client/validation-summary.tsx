/**
 * @module
 * `ValidationSummary`: "Valid" or the numbered issues of the document being edited, announced
 * politely to screen readers.
 */
import type { ReactNode } from 'react'
import type { ValidationIssue, ValidationResult } from '../../../src/index.js'

/** Props of {@link ValidationSummary}. */
export interface ValidationSummaryProps {
  /** Element id (for `aria-describedby`). */
  id: string
  /** The JSON text does not parse. */
  parseError: string | undefined
  /** The server's last verdict (`undefined` before the first). */
  validation: ValidationResult | undefined
  /** True while the current document is being checked (`validation` is about an earlier one). */
  checking: boolean
}

function Issue({ issue }: { issue: ValidationIssue }): ReactNode {
  return (
    <li>
      <code>{issue.path === '' ? '/' : issue.path}</code> {issue.message}
      {issue.hint !== undefined && <span className="studio-hint"> {issue.hint}</span>}
    </li>
  )
}

/** The document's validity (see the module description). */
export function ValidationSummary({ id, parseError, validation, checking }: ValidationSummaryProps): ReactNode {
  let body: ReactNode
  if (parseError !== undefined) body = <p data-valid="false">✗ Not valid JSON: {parseError}</p>
  else if (validation === undefined || (checking && validation.ok)) body = <p>Checking…</p>
  else if (validation.ok) body = <p data-valid="true">✓ Valid workflow</p>
  else {
    body = (
      <>
        <p data-valid="false">
          ✗ {validation.issues.length} {validation.issues.length === 1 ? 'issue' : 'issues'}
        </p>
        <ol>
          {validation.issues.map((issue, index) => (
            <Issue key={`${issue.path}:${index}`} issue={issue} />
          ))}
        </ol>
      </>
    )
  }
  return (
    <div id={id} className="studio-validation" role="status" aria-label="Validation">
      {body}
    </div>
  )
}
