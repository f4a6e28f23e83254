import { releaseNotes } from '@/lib/workflow'
import { WorkflowDemo } from './workflow-demo'

// A server component: it renders the static part and hands the workflow definition (plain data)
// to the client component, which talks to /api/stepwise.
export default function Page() {
  return (
    <main>
      <h1>stepwise × Next.js</h1>
      <p>
        Start the <strong>{releaseNotes.name}</strong> workflow: a (scripted) model drafts the notes while you watch, you
        approve them, a tool publishes them. The engine runs in the <code>/api/stepwise</code> route handler; this page
        follows the run over one Server-Sent Events stream.
      </p>
      <WorkflowDemo workflow={releaseNotes} />
    </main>
  )
}
