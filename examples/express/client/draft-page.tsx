/**
 * @module
 * `DraftPage`: a workflow drafted by the model from a sentence (`client.draft`, served by
 * `draftWorkflow`), reviewed in the editor, then saved.
 */
import { useId, useState, type ReactNode } from 'react'
import type { DraftWorkflowResult } from '../../../src/index.js'
import { useStepwiseClient } from '../../../src/react/index.js'
import { ErrorAlert } from './error-alert.js'
import { errorMessage } from './error-message.js'
import { navigate } from './use-hash-route.js'
import { WorkflowEditor } from './workflow-editor.js'

const EXAMPLE = 'Every morning, summarise the new support tickets and post the summary to the team channel'

/** The draft page; `onSaved` refreshes the sidebar. */
export function DraftPage({ onSaved }: { onSaved(): void }): ReactNode {
  const client = useStepwiseClient()
  const promptId = useId()
  const [sentence, setSentence] = useState('')
  const [result, setResult] = useState<DraftWorkflowResult | undefined>(undefined)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>(undefined)
  const [round, setRound] = useState(0)

  const draft = async (): Promise<void> => {
    setBusy(true)
    setError(undefined)
    try {
      setResult(await client.draft<DraftWorkflowResult>({ prompt: sentence }))
      setRound((value) => value + 1)
    } catch (failure) {
      setError(errorMessage(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <article className="studio-draft">
      <h1>Draft a workflow from a sentence</h1>
      <form
        aria-label="Draft a workflow"
        onSubmit={(event) => {
          event.preventDefault()
          void draft()
        }}
      >
        <label htmlFor={promptId}>What should the workflow do?</label>
        <textarea id={promptId} rows={3} value={sentence} placeholder={EXAMPLE} onChange={(event) => setSentence(event.target.value)} required />
        <button type="submit" className="studio-primary" disabled={busy || sentence.trim() === ''}>
          {busy ? 'Drafting…' : 'Draft'}
        </button>
        <ErrorAlert message={error} />
      </form>
      {result !== undefined && (
        <>
          <p role="status">
            Drafted “{result.workflow.name ?? result.workflow.id}” in {result.attempts} {result.attempts === 1 ? 'model call' : 'model calls'}. Review it, then save.
          </p>
          <WorkflowEditor
            key={round}
            initial={result.workflow}
            onSaved={(saved) => {
              onSaved()
              navigate({ page: 'workflow', id: saved.id })
            }}
          />
        </>
      )}
    </article>
  )
}
