/**
 * @module
 * `App`: the studio's frame — header with the model in use, a sidebar of workflows and pages,
 * and the current page.
 */
import type { ReactNode } from 'react'
import { DraftPage } from './draft-page.js'
import { ExecutionPage } from './execution-page.js'
import { ExecutionsPage } from './executions-page.js'
import { TriggersPage } from './triggers-page.js'
import { hrefOf, useHashRoute, type Route } from './use-hash-route.js'
import { useWorkflowList } from './use-workflow-list.js'
import { WorkflowPage } from './workflow-page.js'

/** What the server tells the UI (see `../index-html.ts`). */
export interface StudioConfig {
  /** Which model answers agent steps. */
  modelLabel: string
  /** True for the scripted demo model. */
  demoModel: boolean
}

function NavLink({ route, current, children }: { route: Route; current: Route; children: ReactNode }): ReactNode {
  const active = hrefOf(route) === hrefOf(current)
  return (
    <a href={hrefOf(route)} aria-current={active ? 'page' : undefined}>
      {children}
    </a>
  )
}

function Home(): ReactNode {
  return (
    <section className="studio-home">
      <h1>stepwise studio</h1>
      <p>
        Pick a workflow on the left to see its diagram, edit it and run it — start with <strong>Triage a new issue</strong>: it streams two agent
        steps and then waits for your approval.
      </p>
      <p>
        Or <a href={hrefOf({ page: 'draft' })}>draft a workflow from a sentence</a>, browse <a href={hrefOf({ page: 'executions' })}>executions</a>, and watch
        the <a href={hrefOf({ page: 'triggers' })}>schedules and webhooks</a> with their delivery log.
      </p>
    </section>
  )
}

/** The studio. */
export function App({ config }: { config: StudioConfig }): ReactNode {
  const route = useHashRoute()
  const list = useWorkflowList()
  let page: ReactNode
  switch (route.page) {
    case 'draft':
      page = <DraftPage onSaved={list.refresh} />
      break
    case 'workflow':
      page = <WorkflowPage key={route.id} id={route.id} onSaved={list.refresh} />
      break
    case 'executions':
      page = <ExecutionsPage />
      break
    case 'execution':
      page = <ExecutionPage key={route.id} id={route.id} />
      break
    case 'triggers':
      page = <TriggersPage />
      break
    default:
      page = <Home />
  }
  return (
    <div className="studio">
      <header className="studio-header">
        <a className="studio-brand" href={hrefOf({ page: 'home' })}>
          stepwise studio
        </a>
        <span className="studio-model" data-demo={config.demoModel} title={config.demoModel ? 'Set OPENAI_API_KEY to use a real model' : undefined}>
          {config.modelLabel}
        </span>
      </header>
      <nav className="studio-sidebar" aria-label="Studio">
        <h2 id="nav-workflows">Workflows</h2>
        <ul aria-labelledby="nav-workflows">
          {list.workflows.map((workflow) => (
            <li key={workflow.id}>
              <NavLink route={{ page: 'workflow', id: workflow.id }} current={route}>
                {workflow.name ?? workflow.id}
              </NavLink>
            </li>
          ))}
        </ul>
        {list.error !== undefined && <p role="alert">{list.error.message}</p>}
        <NavLink route={{ page: 'draft' }} current={route}>
          + Draft from a sentence
        </NavLink>
        <h2>Runs</h2>
        <ul>
          <li>
            <NavLink route={{ page: 'executions' }} current={route}>
              Executions
            </NavLink>
          </li>
          <li>
            <NavLink route={{ page: 'triggers' }} current={route}>
              Schedules &amp; webhooks
            </NavLink>
          </li>
        </ul>
      </nav>
      <main className="studio-main">{page}</main>
    </div>
  )
}
