/**
 * @module
 * `WorkflowEditor`: a workflow as a diagram (edit mode) and as JSON, kept in step, validated live
 * on the server, and saved.
 */
import { useCallback, useId, useState, type ReactNode } from 'react'
import type { SaveResult, ValidationResult, WorkflowDefinition } from '../../../src/index.js'
import { useStepwiseClient } from '../../../src/react/index.js'
import { WorkflowDiagram } from '../../../src/react/flow/index.js'
import { DiagramBoundary } from './diagram-boundary.js'
import { errorMessage } from './error-message.js'
import { useLiveValidation } from './use-live-validation.js'
import { ValidationSummary } from './validation-summary.js'

/** Props of {@link WorkflowEditor}. */
export interface WorkflowEditorProps {
  /** The document to start from. */
  initial: WorkflowDefinition
  /** Called after a successful save. */
  onSaved(saved: SaveResult): void
}

const NOT_YET: ValidationResult = { ok: false, issues: [] }

function pretty(document: unknown): string {
  return JSON.stringify(document, null, 2)
}

function isWorkflowShape(value: unknown): value is WorkflowDefinition {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Array.isArray((value as { steps?: unknown }).steps)
}

/** The editor (see the module description). */
export function WorkflowEditor({ initial, onSaved }: WorkflowEditorProps): ReactNode {
  const client = useStepwiseClient()
  const jsonId = useId()
  const summaryId = useId()
  const [text, setText] = useState(() => pretty(initial))
  const [document, setDocument] = useState<WorkflowDefinition>(initial)
  const [parseError, setParseError] = useState<string | undefined>(undefined)
  const [saving, setSaving] = useState(false)
  const [message, setMessage] = useState<string | undefined>(undefined)
  const validation = useLiveValidation(document)
  // The diagram asks synchronously: it gets the server's last verdict and redraws when a new one arrives.
  const last = validation.result
  const validate = useCallback((): ValidationResult => last ?? NOT_YET, [last])

  const editText = (value: string): void => {
    setText(value)
    setMessage(undefined)
    try {
      const parsed: unknown = JSON.parse(value)
      if (!isWorkflowShape(parsed)) throw new Error('a workflow is a JSON object with a "steps" array')
      setDocument(parsed)
      setParseError(undefined)
    } catch (error) {
      setParseError(errorMessage(error))
    }
  }
  const editDiagram = (next: WorkflowDefinition): void => {
    setDocument(next)
    setText(pretty(next))
    setParseError(undefined)
    setMessage(undefined)
  }
  const save = async (): Promise<void> => {
    setSaving(true)
    try {
      const saved = await client.workflows.save(document)
      setMessage(saved.changed ? `Saved version ${saved.version}.` : `No changes: version ${saved.version} is current.`)
      onSaved(saved)
    } catch (error) {
      setMessage(`Not saved: ${errorMessage(error)}`)
    } finally {
      setSaving(false)
    }
  }

  const canSave = parseError === undefined && validation.current && validation.result?.ok === true && !saving
  return (
    <section className="studio-editor" aria-label="Workflow editor">
      <div className="studio-editor-panes">
        <div className="studio-pane">
          <h3>Diagram</h3>
          <DiagramBoundary resetKey={document}>
            <WorkflowDiagram workflow={document} mode="edit" onChange={editDiagram} validate={validate} height={640} />
          </DiagramBoundary>
        </div>
        <div className="studio-pane">
          <h3>
            <label htmlFor={jsonId}>Workflow JSON</label>
          </h3>
          <textarea id={jsonId} className="studio-json" value={text} onChange={(event) => editText(event.target.value)} spellCheck={false} aria-describedby={summaryId} rows={26} />
        </div>
      </div>
      <ValidationSummary id={summaryId} parseError={parseError} validation={validation.result} checking={!validation.current} />
      <div className="studio-actions">
        <button type="button" className="studio-primary" disabled={!canSave} onClick={() => void save()}>
          {saving ? 'Saving…' : 'Save workflow'}
        </button>
        {message !== undefined && <span role="status">{message}</span>}
      </div>
    </section>
  )
}
