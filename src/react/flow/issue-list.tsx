/**
 * @module
 * The validation issues of a node: at most three, then "and N more".
 */
import type { ReactElement } from 'react'
import type { DiagramIssue } from './diagram-issues.js'

/** Lists issues; `id` lets the node's button point to it with `aria-describedby`. */
export function IssueList({ id, issues }: { id: string; issues: readonly DiagramIssue[] }): ReactElement | null {
  if (issues.length === 0) return null
  const shown = issues.slice(0, 3)
  return (
    <ul className="stepwise-flow__issues" id={id} aria-label={`${issues.length} validation ${issues.length === 1 ? 'issue' : 'issues'}`}>
      {shown.map((issue, index) => (
        <li key={index} className="stepwise-flow__issue" data-severity={issue.severity} title={issue.hint === undefined ? issue.message : `${issue.message} ${issue.hint}`}>
          <span aria-hidden="true">{issue.severity === 'error' ? '⚠ ' : 'ⓘ '}</span>
          {issue.severity === 'error' ? 'Error: ' : 'Warning: '}
          {issue.message}
        </li>
      ))}
      {issues.length > shown.length ? <li className="stepwise-flow__issue">and {issues.length - shown.length} more</li> : null}
    </ul>
  )
}
