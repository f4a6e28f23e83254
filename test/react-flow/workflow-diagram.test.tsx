// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { StepRecord } from '../../src/engine/records.js'
import { WorkflowDiagram, type DiagramStepSelection } from '../../src/react/flow/index.js'
import type { Workflow } from '../../src/steps/step.js'
import { validateWorkflow } from '../../src/validate.js'
import { everything, record } from './fixtures.js'
import { installReactFlowDomStubs } from './react-flow-dom.js'

beforeAll(installReactFlowDomStubs)
afterEach(cleanup)

/** The node of a step (React Flow marks each with `data-id`). */
function node(id: string): HTMLElement {
  const element = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${id}"]`)
  if (element === null) throw new Error(`no node ${id}`)
  return element
}

/** The main (focusable) button of a step node. */
function mainButton(id: string): HTMLButtonElement {
  return node(id).querySelector('.stepwise-flow__node-main') as HTMLButtonElement
}

const runtimeRecords: StepRecord[] = [
  record('plan', 'completed'),
  record('check', 'completed'),
  record('notify_go', 'completed', 'check:then'),
  record('fan', 'running'),
  record('left', 'failed', 'fan:b0'),
  record('each', 'running'),
  record('work', 'completed', 'each:i0'),
  record('gate', 'completed', 'each:i0'),
  record('work', 'running', 'each:i1'),
]

describe('WorkflowDiagram', () => {
  it('draws start, end and every step with its type, name and summary', async () => {
    render(<WorkflowDiagram workflow={everything} mode="view" />)
    await act(async () => new Promise((resolve) => setTimeout(resolve, 50)))
    expect(within(node(':start')).getByText('Start')).toBeTruthy()
    expect(within(node(':end')).getByText('End')).toBeTruthy()
    expect(document.querySelectorAll('.react-flow__edge').length).toBeGreaterThan(10)
    expect(Array.from(document.querySelectorAll('.react-flow__edge-text')).map((label) => label.textContent)).toEqual(['THEN', 'ELSE', 'THEN'])
    expect(within(node('plan')).getByText('Agent prompt')).toBeTruthy()
    expect(within(node('plan')).getByText('Plan the work')).toBeTruthy()
    expect(within(node('left')).getByText('tool: search')).toBeTruthy()
    expect(within(node('pause')).getByText('wait 1m 30s')).toBeTruthy()
    expect(node('work').closest('.react-flow__node')?.getAttribute('data-id')).toBe('work')
    expect(screen.getByRole('application').getAttribute('aria-label')).toBe('Workflow everything')
    // No status in view mode.
    expect(document.querySelector('.stepwise-flow__status')).toBeNull()
  })

  it('shows runtime statuses as glyph and text, and the picked loop iteration', () => {
    render(<WorkflowDiagram workflow={everything} mode="runtime" steps={runtimeRecords} />)
    const status = (id: string): string => (node(id).querySelector('.stepwise-flow__status-text') as HTMLElement).textContent ?? ''
    expect(status('plan')).toBe('completed')
    expect(status('left')).toBe('failed')
    expect(status('fan')).toBe('running')
    expect(status('stop')).toBe('skipped')
    expect(status('pause')).toBe('pending')
    expect(node('left').querySelector('.stepwise-flow__status-glyph')?.getAttribute('aria-hidden')).toBe('true')
    // Latest iteration first, then the one picked.
    expect(status('work')).toBe('running')
    const picker = screen.getByLabelText('Iteration of each to show') as HTMLSelectElement
    expect(Array.from(picker.options).map((option) => option.textContent)).toEqual(['1 of 2: ✓ completed', '2 of 2: … running'])
    fireEvent.change(picker, { target: { value: '0' } })
    expect(status('work')).toBe('completed')
    expect(status('gate')).toBe('completed')
  })

  it('makes every step a keyboard-focusable button and reports the selection', () => {
    const onSelectStep = vi.fn<(selection: DiagramStepSelection) => void>()
    render(<WorkflowDiagram workflow={everything} mode="runtime" steps={runtimeRecords} onSelectStep={onSelectStep} />)
    const buttons = Array.from(document.querySelectorAll<HTMLButtonElement>('.stepwise-flow__node-main'))
    expect(buttons).toHaveLength(13)
    for (const button of buttons) expect(button.tabIndex).toBe(0)
    mainButton('left').focus()
    expect(document.activeElement).toBe(mainButton('left'))
    fireEvent.click(mainButton('left'))
    expect(onSelectStep).toHaveBeenCalledWith(expect.objectContaining({ stepId: 'left', type: 'tool', pointer: '/steps/2/branches/0/0', step: { id: 'left', type: 'tool', tool: 'search' } }))
    expect(onSelectStep.mock.calls[0][0].record?.status).toBe('failed')
    expect(mainButton('left').getAttribute('aria-pressed')).toBe('true')
  })

  it('shows the issues of a validate function on the nodes their paths point to', () => {
    const broken = { ...everything, variables: { 1: { type: 'nope' } }, steps: [...everything.steps, { id: 'bad', type: 'tool' }] } as unknown as Workflow
    render(<WorkflowDiagram workflow={broken} mode="view" validate={validateWorkflow} />)
    expect(node('bad').getAttribute('data-invalid')).toBeNull()
    expect(node('bad').querySelector('.stepwise-flow__node')?.getAttribute('data-invalid')).toBe('true')
    expect(within(node('bad')).getByRole('list').textContent).toMatch(/Error: .*tool/i)
    expect(within(node(':start')).getByRole('list').textContent).toMatch(/Error:/)
    expect(node('plan').querySelector('.stepwise-flow__issues')).toBeNull()
  })
})

/** A host that keeps the edited document in state, like a real editor. */
function Editor({ initial, onDocument }: { initial: Workflow; onDocument(workflow: Workflow): void }): React.ReactElement {
  const [workflow, setWorkflow] = useState(initial)
  return (
    <WorkflowDiagram
      workflow={workflow}
      mode="edit"
      validate={validateWorkflow}
      onChange={(next) => {
        setWorkflow(next)
        onDocument(next)
      }}
    />
  )
}

describe('WorkflowDiagram in edit mode', () => {
  it('inserts a step after a node from the type menu, keeps the document valid and focuses the new step', () => {
    const documents: Workflow[] = []
    render(<Editor initial={everything} onDocument={(doc) => documents.push(doc)} />)
    const insertAfter = within(node('plan')).getByRole('button', { name: 'Insert a step after plan (Agent prompt)' })
    fireEvent.click(insertAfter)
    const menu = within(node('plan')).getByRole('group', { name: /choose a step type/ })
    expect(document.activeElement).toBe(within(menu).getByRole('button', { name: 'Agent prompt' }))
    act(() => within(menu).getByRole('button', { name: 'Set values' }).click())
    expect(documents).toHaveLength(1)
    expect(documents[0].steps[1]).toMatchObject({ id: 'set_1', type: 'set' })
    expect(validateWorkflow(documents[0]).ok).toBe(true)
    expect(document.activeElement).toBe(mainButton('set_1'))
  })

  it('adds steps to THEN/ELSE, a loop body and a new parallel branch', () => {
    const documents: Workflow[] = []
    render(<Editor initial={everything} onDocument={(doc) => documents.push(doc)} />)
    const add = (nodeId: string, name: string | RegExp, type: string): void => {
      fireEvent.click(within(node(nodeId)).getByRole('button', { name }))
      act(() => within(node(nodeId)).getByRole('button', { name: type }).click())
    }
    add('check', /Add a step to the ELSE of check/, 'Wait')
    add('each', /Add a step to the body of each/, 'Notify')
    add('fan', /Add a branch to fan/, 'Shell command')
    expect(documents).toHaveLength(3)
    const last = documents[2]
    expect(validateWorkflow(last).ok).toBe(true)
    expect(last.steps[1]).toMatchObject({ else: [{ id: 'stop' }, { id: 'wait_1' }] })
    expect(last.steps[3]).toMatchObject({ steps: [{ id: 'work' }, { id: 'gate' }, { id: 'notify_1' }] })
    expect((last.steps[2] as { branches: unknown[] }).branches).toHaveLength(3)
    expect(node('notify_1').closest('.react-flow__node')?.getAttribute('data-id')).toBe('notify_1')
  })

  it('closes the menu with Escape and returns focus to its button', () => {
    render(<Editor initial={everything} onDocument={() => undefined} />)
    const trigger = within(node('pause')).getByRole('button', { name: /Insert a step after pause/ })
    fireEvent.click(trigger)
    expect(trigger.getAttribute('aria-expanded')).toBe('true')
    fireEvent.keyDown(document.activeElement as Element, { key: 'Escape' })
    expect(within(node('pause')).queryByRole('group', { name: /choose a step type/ })).toBeNull()
    expect(document.activeElement).toBe(trigger)
  })

  it('deletes with the Delete key or button, and refuses to empty a loop body', () => {
    const documents: Workflow[] = []
    const tight: Workflow = { id: 'tight', steps: [{ id: 'a', type: 'set', values: { a: '1' } }, { id: 'l', type: 'loop', over: '[1]', steps: [{ id: 'only', type: 'set', values: { b: '1' } }] }] }
    render(<Editor initial={tight} onDocument={(doc) => documents.push(doc)} />)
    const refuse = within(node('only')).getByRole('button', { name: /Delete only .*not possible: A loop needs at least one step/ })
    expect(refuse.getAttribute('aria-disabled')).toBe('true')
    fireEvent.click(refuse)
    fireEvent.keyDown(mainButton('only'), { key: 'Delete' })
    expect(documents).toHaveLength(0)
    fireEvent.keyDown(mainButton('a'), { key: 'Delete' })
    expect(documents).toHaveLength(1)
    expect(documents[0].steps.map((step) => step.id)).toEqual(['l'])
    expect(document.activeElement).toBe(within(node(':start')).getByRole('button', { name: 'Insert a step at the start' }))
    expect(validateWorkflow(documents[0]).ok).toBe(true)
    fireEvent.click(within(node('l')).getByRole('button', { name: 'Delete l (Loop)' }))
    expect(documents[1].steps).toEqual([])
    expect(document.activeElement).toBe(within(node(':start')).getByRole('button', { name: 'Insert a step at the start' }))
    // An empty workflow can get its first step from the start node.
    fireEvent.click(within(node(':start')).getByRole('button', { name: 'Insert a step at the start' }))
    act(() => within(node(':start')).getByRole('button', { name: 'Approval' }).click())
    expect(documents[2].steps).toEqual([{ id: 'approval_1', type: 'approval', prompt: 'Approve?' }])
  })
})
