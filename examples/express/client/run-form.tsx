/**
 * @module
 * `RunForm`: one typed input per declared variable (text, number, checkbox, JSON), then
 * `client.executions.start` and the run's page.
 */
import { useId, useState, type ReactNode } from 'react'
import type { VariableDeclaration } from '../../../src/index.js'
import { useStepwiseClient } from '../../../src/react/index.js'
import { ErrorAlert } from './error-alert.js'
import { errorMessage } from './error-message.js'
import { navigate } from './use-hash-route.js'

/** Props of {@link RunForm}. */
export interface RunFormProps {
  /** The saved workflow to run. */
  workflowId: string
  /** Its declared variables. */
  variables: Readonly<Record<string, VariableDeclaration>> | undefined
}

type FieldValue = string | boolean

function initialValue(declaration: VariableDeclaration): FieldValue {
  const value = declaration.default
  if (declaration.type === 'boolean') return value === true
  if (value === undefined) return ''
  if (declaration.type === 'string' || declaration.type === 'number') return String(value)
  return JSON.stringify(value, null, 2)
}

/** The typed value of a field, `undefined` to leave the variable out (its default applies). */
function typedValue(name: string, declaration: VariableDeclaration, value: FieldValue): unknown {
  if (typeof value === 'boolean') return value
  if (declaration.type === 'string') return value
  if (value.trim() === '') return undefined
  if (declaration.type === 'number') {
    const number = Number(value)
    if (!Number.isFinite(number)) throw new Error(`${name} must be a number`)
    return number
  }
  try {
    return JSON.parse(value) as unknown
  } catch {
    throw new Error(`${name} must be JSON (${declaration.type})`)
  }
}

function Field({ name, declaration, value, onChange }: { name: string; declaration: VariableDeclaration; value: FieldValue; onChange(value: FieldValue): void }): ReactNode {
  const id = useId()
  const hintId = `${id}-hint`
  const hint = [declaration.description, declaration.required === true ? 'required' : undefined, declaration.type].filter(Boolean).join(' · ')
  const common = { id, 'aria-describedby': hintId, required: declaration.required === true }
  let input: ReactNode
  if (declaration.type === 'boolean') input = <input {...common} type="checkbox" checked={value === true} onChange={(event) => onChange(event.target.checked)} />
  else if (declaration.type === 'string') input = <input {...common} type="text" value={String(value)} onChange={(event) => onChange(event.target.value)} />
  else if (declaration.type === 'number') input = <input {...common} type="number" step="any" value={String(value)} onChange={(event) => onChange(event.target.value)} />
  else input = <textarea {...common} className="studio-json" rows={Math.min(8, String(value).split('\n').length + 1)} value={String(value)} onChange={(event) => onChange(event.target.value)} spellCheck={false} />
  return (
    <div className="studio-field" data-type={declaration.type}>
      <label htmlFor={id}>{name}</label>
      {input}
      <small id={hintId}>{hint}</small>
    </div>
  )
}

/** The run form (see the module description). */
export function RunForm({ workflowId, variables = {} }: RunFormProps): ReactNode {
  const client = useStepwiseClient()
  const headingId = useId()
  const entries = Object.entries(variables)
  const [values, setValues] = useState<Record<string, FieldValue>>(() => Object.fromEntries(entries.map(([name, declaration]) => [name, initialValue(declaration)])))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>(undefined)

  const run = async (): Promise<void> => {
    setBusy(true)
    setError(undefined)
    try {
      const typed: Record<string, unknown> = {}
      for (const [name, declaration] of entries) {
        const value = typedValue(name, declaration, values[name] ?? '')
        if (value !== undefined) typed[name] = value
      }
      const execution = await client.executions.start(workflowId, { variables: typed })
      navigate({ page: 'execution', id: execution.id })
    } catch (failure) {
      setError(errorMessage(failure))
      setBusy(false)
    }
  }

  return (
    <form
      className="studio-run-form"
      aria-labelledby={headingId}
      onSubmit={(event) => {
        event.preventDefault()
        void run()
      }}
    >
      <h2 id={headingId}>Run</h2>
      {entries.length === 0 && <p className="studio-meta">This workflow declares no variables.</p>}
      {entries.map(([name, declaration]) => (
        <Field key={name} name={name} declaration={declaration} value={values[name] ?? ''} onChange={(value) => setValues((before) => ({ ...before, [name]: value }))} />
      ))}
      <button type="submit" className="studio-primary" disabled={busy}>
        {busy ? 'Starting…' : 'Run'}
      </button>
      <ErrorAlert message={error} />
    </form>
  )
}
