/**
 * @module
 * `WorkflowPage`: one saved workflow — its run form and its editor.
 */
import type { ReactNode } from 'react'
import { useWorkflow } from '../../../src/react/index.js'
import { RunForm } from './run-form.js'
import { WorkflowEditor } from './workflow-editor.js'

/** The page of workflow `id`; `onSaved` refreshes the sidebar. */
export function WorkflowPage({ id, onSaved }: { id: string; onSaved(): void }): ReactNode {
  const { workflow, error, refresh } = useWorkflow(id)
  if (error !== undefined) return <p role="alert">{error.message}</p>
  if (workflow === undefined) return <p>Loading…</p>
  const { definition } = workflow
  return (
    <article className="studio-workflow">
      <h1>{definition.name ?? id}</h1>
      <p className="studio-meta">
        <code>{id}</code> · version {workflow.version} · saved {new Date(workflow.updatedAt).toLocaleString()}
      </p>
      {definition.description !== undefined && <p>{definition.description}</p>}
      <RunForm key={workflow.hash} workflowId={id} variables={definition.variables} />
      <h2>Edit</h2>
      <WorkflowEditor
        initial={definition}
        onSaved={() => {
          void refresh()
          onSaved()
        }}
      />
    </article>
  )
}
