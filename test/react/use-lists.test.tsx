// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { DeliveryLog, TriggerCard, useExecutions, useTriggerDeliveries, useTriggers, useWorkflow } from '../../src/react/index.js'
import { reactSetup, renderWithClient } from './react-setup.js'

const QUICK = { id: 'quick', name: 'Quick one', steps: [{ id: 'a', type: 'set', values: { x: '1' } }] }

afterEach(() => cleanup())

describe('list and read hooks against a real engine', () => {
  it('useExecutions fetches once per filter content and again on refresh()', async () => {
    const setup = reactSetup({})
    await setup.client.workflows.save(QUICK)
    await setup.engine.run('quick')
    function Runs({ filter }: { filter: { workflowId: string } }) {
      const { executions, isLoading, refresh } = useExecutions(filter)
      return (
        <section aria-label="Runs">
          <p>{isLoading ? 'loading' : `${executions.length} runs`}</p>
          <button onClick={() => void refresh()}>Refresh</button>
        </section>
      )
    }
    const { rerender } = render(renderWithClient(setup.client, <Runs filter={{ workflowId: 'quick' }} />))
    await screen.findByText('1 runs')
    rerender(renderWithClient(setup.client, <Runs filter={{ workflowId: 'quick' }} />)) // a new object, same content
    await setup.engine.run('quick')
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(screen.getByText('1 runs')).toBeTruthy()
    expect(setup.requests.filter((request) => request === 'GET /api/executions')).toHaveLength(1)
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }))
    await screen.findByText('2 runs')
  })

  it('useWorkflow reads a workflow and reports an unknown one', async () => {
    const setup = reactSetup({})
    await setup.client.workflows.save(QUICK)
    function Name({ id }: { id: string }) {
      const { workflow, error } = useWorkflow(id)
      return <p>{error !== undefined ? `error ${(error as { code?: string }).code}` : (workflow?.definition.name ?? '…')}</p>
    }
    render(renderWithClient(setup.client, <Name id="quick" />))
    await screen.findByText('Quick one')
    cleanup()
    render(renderWithClient(setup.client, <Name id="nope" />))
    await screen.findByText('error NOT_FOUND')
  })

  it('useTriggers and useTriggerDeliveries feed TriggerCard and DeliveryLog', async () => {
    const setup = reactSetup({})
    await setup.client.workflows.save(QUICK)
    const nightly = await setup.client.triggers.save({ name: 'Nightly', type: 'schedule', workflowId: 'quick', config: { cron: '0 2 * * *', timezone: 'America/New_York' } })
    const manual = await setup.client.triggers.save({ name: 'By hand', type: 'manual', workflowId: 'quick' })
    const fired = await setup.client.triggers.fire(manual.id, {})
    function Triggers() {
      const { triggers } = useTriggers({ workflowId: 'quick' })
      const { deliveries } = useTriggerDeliveries(manual.id)
      return (
        <>
          {triggers.map((trigger) => (
            <TriggerCard key={trigger.id} trigger={trigger} />
          ))}
          <DeliveryLog deliveries={deliveries} />
        </>
      )
    }
    render(renderWithClient(setup.client, <Triggers />))
    const card = await screen.findByRole('article', { name: 'Trigger Nightly' })
    expect(within(card).getByText('At 02:00 AM')).toBeTruthy()
    expect(within(card).getByText('(America/New_York)')).toBeTruthy()
    expect(nightly.id).not.toBe(manual.id)
    expect(within(screen.getByRole('article', { name: 'Trigger By hand' })).getByText('Run by hand')).toBeTruthy()
    const table = screen.getByRole('table', { name: 'Deliveries' })
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(2))
    expect(within(table).getByText(fired.executionId as string)).toBeTruthy()
    expect(within(table).getByText('matched')).toBeTruthy()
  })
})
