/**
 * @module
 * `KeyValueCard` and `RawJson`: structured values as a key/value list, with the raw JSON behind
 * a disclosure.
 */
import type { ReactNode } from 'react'
import { classNames, inlineValue, jsonText } from './format.js'

/** Props of {@link KeyValueCard}. */
export interface KeyValueCardProps {
  /** The value: an object shows one row per key; anything else shows as text. */
  value: unknown
  /** Accessible name of the list. */
  label?: string
  /** Extra class names. */
  className?: string
}

/** Whether a value is a plain object (shown as key/value rows). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** An object as a description list (`<dl>`): keys, then values (nested values as compact JSON). */
export function KeyValueCard({ value, label, className }: KeyValueCardProps): ReactNode {
  if (!isRecord(value)) return <p className={classNames('stepwise-value', className)}>{inlineValue(value)}</p>
  return (
    <dl className={classNames('stepwise-kv', className)} aria-label={label}>
      {Object.entries(value).map(([key, item]) => (
        <div className="stepwise-kv-row" key={key}>
          <dt>{key}</dt>
          <dd>{isRecord(item) || Array.isArray(item) ? <code>{inlineValue(item)}</code> : inlineValue(item)}</dd>
        </div>
      ))}
    </dl>
  )
}

/** Props of {@link RawJson}. */
export interface RawJsonProps {
  /** The value to show. */
  value: unknown
  /** Text of the disclosure (default `Raw output`). */
  summary?: string
  /** Extra class names. */
  className?: string
}

/** The value's JSON inside a closed `<details>` disclosure. */
export function RawJson({ value, summary = 'Raw output', className }: RawJsonProps): ReactNode {
  return (
    <details className={classNames('stepwise-raw', className)}>
      <summary>{summary}</summary>
      <pre>
        <code>{jsonText(value)}</code>
      </pre>
    </details>
  )
}
