// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { StrictMode } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { StepwiseError, type AgentPart, type AgentRunner } from '../../src/index.js'
import { scriptedModel } from '../../src/testing/index.js'
import { useWorkflowExecution } from '../../src/react/index.js'
import { ExecutionView, reactSetup, renderWithClient } from './react-setup.js'

const REVIEW = {
  id: 'review',
  steps: [
    { id: 'draft', type: 'agent_prompt', model: 'm', prompt: 'Review the change' },
    { id: 'gate', type: 'approval', prompt: 'Ship the reviewed change?' },
    { id: 'done', type: 'set', values: { shipped: 'true' } },
  ],
}

const status = (): string => screen.getByRole('status', { name: 'Workflow progress' }).textContent ?? ''
const executionStatus = (): string => screen.getByLabelText('Execution status').textContent ?? ''

afterEach(() => cleanup())

describe('useWorkflowExecution against a real engine and HTTP handler', () => {
  it('streams the agent turn, approves from the ApprovalCard, and follows the run to completion over one subscription', async () => {
    const setup = reactSetup({ models: { m: scriptedModel(['The change looks correct and well tested.']) } })
    await setup.client.workflows.save(REVIEW)
    const { id } = await setup.client.executions.start('review')
    render(renderWithClient(setup.client, <ExecutionView executionId={id} />))

    const draft = await screen.findByRole('region', { name: 'Step draft' })
    await within(draft).findByText('The change looks correct and well tested.')
    expect(within(draft).getByText('Review the change')).toBeTruthy()

    const approve = await screen.findByRole('button', { name: 'Approve' })
    await waitFor(() => expect(executionStatus()).toBe('waiting'))
    await waitFor(() => expect(status()).toContain('1/3 steps done'))
    fireEvent.change(screen.getByLabelText('Comment (optional)'), { target: { value: '  ship it  ' } })
    setup.hold()
    fireEvent.click(approve)
    expect(executionStatus()).toBe('running') // optimistic: the server has not even seen the request
    expect(screen.getByRole('button', { name: 'Approve' })).toHaveProperty('disabled', true)
    expect((await setup.engine.executions.get(id)).status).toBe('waiting')
    setup.release()

    await waitFor(() => expect(executionStatus()).toBe('completed'))
    const decided = within(screen.getByRole('region', { name: 'Approval' })).getByRole('status')
    expect(decided.textContent).toMatch(/^✓ Approved by ana at .+: “ship it”$/)
    await waitFor(() => expect(status()).toContain('3/3 steps done'))
    expect(screen.getByRole('article', { name: 'Step done' }).getAttribute('data-status')).toBe('completed')

    const settled = await setup.engine.executions.get(id)
    expect(settled.status).toBe('completed')
    const decision = (await setup.engine.executions.steps(id)).find((s) => s.stepId === 'gate')?.output
    expect(decision).toMatchObject({ approved: true, by: 'ana', comment: 'ship it' })

    // One subscription, one fetch of the record, the steps and the workflow, one decision: no polling.
    await new Promise((resolve) => setTimeout(resolve, 100))
    const reads = setup.requests.filter((request) => request.startsWith('GET'))
    expect(reads.sort()).toEqual([`GET /api/executions/${id}`, `GET /api/executions/${id}/events`, `GET /api/executions/${id}/steps`, 'GET /api/workflows/review'])
    expect(setup.requests.filter((request) => request.startsWith('POST /api/executions/'))).toEqual([`POST /api/executions/${id}/approve`])
  })

  it('shows text while it streams, with a live status, before the turn ends', async () => {
    let resume: (() => void) | undefined
    const paused = new Promise<void>((resolve) => (resume = resolve))
    const agent: AgentRunner = {
      async *run(): AsyncIterable<AgentPart> {
        yield { type: 'text-delta', delta: 'First half, ' }
        await paused
        yield { type: 'text-delta', delta: 'second half.' }
        yield { type: 'finish', usage: { inputTokens: 12, outputTokens: 4 } }
      },
    }
    const setup = reactSetup({ agent, models: { m: 'any' } })
    await setup.client.workflows.save(REVIEW)
    const { id } = await setup.client.executions.start('review')
    render(renderWithClient(setup.client, <ExecutionView executionId={id} />))

    const draft = await screen.findByRole('region', { name: 'Step draft' })
    await within(draft).findByText('First half,')
    expect(draft.getAttribute('aria-busy')).toBe('true')
    expect(within(draft).getByText('streaming…')).toBeTruthy()
    resume?.()
    await within(draft).findByText('First half, second half.')
    await waitFor(() => expect(draft.getAttribute('aria-busy')).toBe('false'))
    expect(within(draft).getByLabelText('12 input tokens, 4 output tokens')).toBeTruthy()
    await setup.engine.executions.approve(id, { approved: false })
  })

  it('shows a denial as cancelled at once and ends cancelled', async () => {
    const setup = reactSetup({ models: { m: scriptedModel(['Risky.']) } })
    await setup.client.workflows.save(REVIEW)
    const { id } = await setup.client.executions.start('review')
    render(renderWithClient(setup.client, <ExecutionView executionId={id} />))

    const deny = await screen.findByRole('button', { name: 'Deny' })
    await waitFor(() => expect(executionStatus()).toBe('waiting'))
    fireEvent.click(deny)
    expect(executionStatus()).toBe('cancelled')
    await waitFor(() => expect(within(screen.getByRole('region', { name: 'Approval' })).getByRole('status').textContent).toMatch(/^✗ Denied by ana/))
    expect((await setup.engine.executions.settled(id)).error?.reason).toBe('approval_denied')
    expect(executionStatus()).toBe('cancelled')
  })

  it('rolls the optimistic status back when the server refuses, and shows why', async () => {
    const setup = reactSetup(
      { models: { m: scriptedModel(['Fine.']) } },
      {
        authorize: (_request, info) => {
          if (info.operation === 'executions.approve') throw new StepwiseError('FORBIDDEN', 'Viewers cannot decide approvals.')
          return { tenantId: 'default', actor: 'viewer' }
        },
      },
    )
    await setup.client.workflows.save(REVIEW)
    const { id } = await setup.client.executions.start('review')
    render(renderWithClient(setup.client, <ExecutionView executionId={id} />))

    const approve = await screen.findByRole('button', { name: 'Approve' })
    await waitFor(() => expect(executionStatus()).toBe('waiting'))
    setup.hold()
    fireEvent.click(approve)
    expect(executionStatus()).toBe('running')
    await act(async () => setup.release())
    expect((await screen.findByRole('alert')).textContent).toBe('Viewers cannot decide approvals.')
    expect(executionStatus()).toBe('waiting')
    expect(screen.getByRole('button', { name: 'Approve' })).toHaveProperty('disabled', false)
    expect((await setup.engine.executions.get(id)).status).toBe('waiting')
  })

  it('shares one subscription between components, under StrictMode too, and closes it after the terminal event', async () => {
    const setup = reactSetup({ models: { m: scriptedModel(['Fine.']) } })
    await setup.client.workflows.save(REVIEW)
    const { id } = await setup.client.executions.start('review')
    const seen: string[] = []
    function Connection(): null {
      const { connection } = useWorkflowExecution(id)
      if (seen[seen.length - 1] !== connection) seen.push(connection)
      return null
    }
    render(
      <StrictMode>
        {renderWithClient(
          setup.client,
          <>
            <ExecutionView executionId={id} />
            <Connection />
          </>,
        )}
      </StrictMode>,
    )
    fireEvent.click(await screen.findByRole('button', { name: 'Approve' }))
    await waitFor(() => expect(executionStatus()).toBe('completed'))
    await waitFor(() => expect(seen[seen.length - 1]).toBe('closed'))
    expect(seen).toContain('open')
    // Two components follow the execution, StrictMode mounts them twice: still one subscription.
    expect(setup.requests.filter((request) => request.endsWith('/events'))).toHaveLength(1)
    expect(within(screen.getByRole('region', { name: 'Approval' })).getByRole('status').textContent).toMatch(/^✓ Approved by ana/)
  })

  it('reports an unknown execution as an error, not as loading forever', async () => {
    const setup = reactSetup({})
    render(renderWithClient(setup.client, <ExecutionView executionId="exe_missing" />))
    await screen.findByRole('alert')
    expect(executionStatus()).not.toBe('loading')
  })
})
