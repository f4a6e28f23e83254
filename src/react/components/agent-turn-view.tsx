/**
 * @module
 * `AgentTurnView`: one agent turn — reasoning, tool calls and the streamed text.
 */
import type { ReactNode } from 'react'
import type { AgentTurn } from '../agent-turns.js'
import { classNames, jsonText } from './format.js'

/** Props of {@link AgentTurnView}. */
export interface AgentTurnViewProps {
  /** The turn. */
  turn: AgentTurn
  /** Renders the reply text (e.g. with a Markdown renderer); default: the text as is, line breaks kept. */
  renderText?: (text: string) => ReactNode
  /** Extra class names. */
  className?: string
}

/** Default text rendering: a paragraph that keeps line breaks (via the stylesheet). */
export function plainText(text: string): ReactNode {
  return <p className="stepwise-text">{text}</p>
}

/** A turn's reasoning (behind a disclosure), its tool calls and its text, as far as they streamed. */
export function AgentTurnView({ turn, renderText = plainText, className }: AgentTurnViewProps): ReactNode {
  return (
    <div className={classNames('stepwise-turn', className)} data-turn-status={turn.status}>
      {turn.reasoning !== '' && (
        <details className="stepwise-reasoning">
          <summary>Reasoning</summary>
          <p className="stepwise-text">{turn.reasoning}</p>
        </details>
      )}
      {turn.toolCalls.length > 0 && (
        <ul className="stepwise-tool-calls" aria-label="Tool calls">
          {turn.toolCalls.map((call) => (
            <li key={call.toolCallId} data-status={call.status}>
              <details>
                <summary>
                  <code>{call.toolName}</code> {call.status === 'calling' ? '(running…)' : call.isError === true ? '(failed)' : '(done)'}
                </summary>
                <pre>
                  <code>{jsonText(call.input)}</code>
                </pre>
                {call.status === 'done' && (
                  <pre>
                    <code>{jsonText(call.output)}</code>
                  </pre>
                )}
              </details>
            </li>
          ))}
        </ul>
      )}
      {turn.text !== '' && renderText(turn.text)}
      {turn.error !== undefined && (
        <p className="stepwise-error" role="alert">
          {turn.error.message}
        </p>
      )}
    </div>
  )
}
