// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { StepRecord, TriggerDelivery, TriggerRecord } from '../../src/index.js'
import {
  ApprovalCard,
  DeliveryLog,
  StepCard,
  StepwiseStyles,
  TriggerCard,
  WorkflowContextBar,
  WorkflowStepContainer,
  describeCron,
  stepwiseStyles,
  type AgentTurn,
  type ApprovalState,
} from '../../src/react/index.js'

afterEach(() => cleanup())

const T0 = '2026-03-02T09:00:00.000Z'
const T1 = '2026-03-02T09:00:02.500Z'

function record(stepId: string, stepType: string, extra: Partial<StepRecord> = {}): StepRecord {
  return { executionId: 'e1', stepId, stepType, iterationPath: '', attempt: 1, status: 'completed', startedAt: T0, endedAt: T1, ...extra }
}

function turn(turnId: string, extra: Partial<AgentTurn>): AgentTurn {
  return { turnId, executionId: 'e1', stepId: 'judge', iterationPath: '', attempt: 1, model: 'fast', prompt: 'Judge it', status: 'completed', text: '', reasoning: '', toolCalls: [], startedAt: T0, ...extra }
}

describe('WorkflowStepContainer', () => {
  const step = record('judge', 'agent_prompt', {
    iterationPath: 'each:i1',
    input: { prompt: 'Judge it' },
    output: { response: { verdict: 'ship', risk: 2 }, prompt: 'Judge it', model: 'fast', usage: { inputTokens: 120, outputTokens: 30 }, durationMs: 2500 },
  })
  const turns = [
    turn('t1', { status: 'cancelled', text: 'Sure! It is fine.' }),
    turn('t2', { status: 'completed', cause: 'repair', supersedes: 't1', text: '{"verdict":"ship","risk":2}', usage: { inputTokens: 60, outputTokens: 15 } }),
  ]

  it('shows the header, the structured result as key/value pairs with the raw output disclosed, and previous attempts collapsed', () => {
    render(<WorkflowStepContainer step={step} turns={turns} title="Judge" />)
    const region = screen.getByRole('region', { name: 'Step Judge (iteration 2)' })
    const header = region.querySelector('header') as HTMLElement
    expect(within(header).getByRole('heading', { level: 3, name: 'Judge' })).toBeTruthy()
    expect(within(header).getByText('iteration 2')).toBeTruthy()
    expect(within(header).getByText('fast')).toBeTruthy()
    expect(within(header).getByLabelText('120 input tokens, 30 output tokens')).toBeTruthy()
    expect(within(header).getByText('completed').closest('[data-status]')?.textContent).toBe('✓ completed')

    const result = region.querySelector('dl[aria-label="Result of Judge"]') as HTMLElement
    expect(within(result).getAllByRole('term').map((term) => term.textContent)).toEqual(['verdict', 'risk'])
    expect(within(result).getAllByRole('definition').map((value) => value.textContent)).toEqual(['ship', '2'])

    const disclosures = Array.from(region.querySelectorAll('details'))
    const raw = disclosures.find((details) => details.querySelector('summary')?.textContent === 'Raw output')
    expect(raw?.open).toBe(false)
    expect(raw?.textContent).toContain('"usage"')
    const previous = disclosures.find((details) => details.querySelector('summary')?.textContent === '1 previous attempt')
    expect(previous?.open).toBe(false)
    expect(previous?.textContent).toContain('Sure! It is fine.')
    // The structured reply's JSON text is not repeated as prose.
    expect(within(region).queryByText('{"verdict":"ship","risk":2}')).toBeNull()
  })

  it('says "streaming…" with an icon while a turn streams, and shows the text so far', () => {
    const running = record('judge', 'agent_prompt', { status: 'running', endedAt: undefined, output: undefined })
    render(<WorkflowStepContainer step={running} turns={[turn('t1', { status: 'streaming', text: 'Looking at the' })]} />)
    const region = screen.getByRole('region', { name: 'Step judge' })
    expect(region.getAttribute('aria-busy')).toBe('true')
    expect(within(region).getByText('streaming…').textContent).toBe('… streaming…')
    expect(within(region).getByText('Looking at the')).toBeTruthy()
  })

  it('renders text through renderText and shows a failed step as an alert', () => {
    const failed = record('judge', 'agent_prompt', { status: 'failed', error: { code: 'MODEL_FAILED', message: 'Every model failed.' } })
    render(<WorkflowStepContainer step={failed} turns={[turn('t1', { status: 'error', text: '**bold**' })]} renderText={(text) => <em>{text}</em>} showPrompt={false} />)
    expect(screen.getByText('**bold**').tagName).toBe('EM')
    expect(screen.getByRole('alert').textContent).toBe('Every model failed.')
    expect(screen.queryByText('Judge it')).toBeNull()
  })
})

describe('step cards', () => {
  it('picks the card by step type', () => {
    render(
      <>
        <StepCard step={record('build', 'bash', { input: { command: 'npm test' }, output: { exitCode: 0, stdout: 'ok', stderr: '' } })} />
        <StepCard step={record('branch', 'conditional', { input: { condition: false, branch: 'else' } })} />
        <StepCard step={record('gate', 'approval', { input: { prompt: 'Go?' }, output: { approved: true, decision: 'approved', by: 'ana', comment: null, decidedAt: T1 } })} />
        <StepCard step={record('each', 'loop', { input: { items: [1, 2, 3] }, output: [1, 2, 3] })} />
        <StepCard step={record('mine', 'custom_thing', { input: { a: 1 }, output: 'done' })} />
      </>,
    )
    const bash = screen.getByRole('article', { name: 'Step build' })
    expect(within(bash).getByText('npm test').tagName).toBe('CODE')
    expect(within(bash).getByText('Exit code 0')).toBeTruthy()
    expect(within(bash).getByText('2.5 s')).toBeTruthy()
    expect(within(screen.getByRole('article', { name: 'Step branch' })).getByText('else').tagName).toBe('STRONG')
    expect(within(screen.getByRole('article', { name: 'Step gate' })).getByText(/Approved by ana/)).toBeTruthy()
    expect(within(screen.getByRole('article', { name: 'Step each' })).getByText('3 items')).toBeTruthy()
    const custom = screen.getByRole('article', { name: 'Step mine' })
    expect(custom.getAttribute('data-step-type')).toBe('custom_thing')
    expect(within(custom).getByText('Input').tagName).toBe('SUMMARY')
  })

  it('takes host cards first, and lists earlier failed attempts', () => {
    const attempts = [record('call', 'tool', { status: 'failed', error: { code: 'TOOL_FAILED', message: 'timeout' } }), record('call', 'tool', { attempt: 2, output: { ok: true } })]
    render(
      <>
        <StepCard step={attempts[1]} attempts={attempts} />
        <StepCard step={record('x', 'tool')} cards={{ tool: ({ step }) => <p>custom {step.stepId}</p> }} />
      </>,
    )
    expect(screen.getByText('1 previous attempt')).toBeTruthy()
    expect(screen.getByText('Attempt 1: failed — timeout')).toBeTruthy()
    expect(screen.getByText('custom x')).toBeTruthy()
  })
})

describe('ApprovalCard', () => {
  const pending: ApprovalState = { executionId: 'e1', stepId: 'gate', iterationPath: 'each:i0', prompt: 'Deploy to production?', status: 'pending' }

  it('asks with Approve and Deny and passes the trimmed comment', () => {
    const onApprove = vi.fn()
    const onDeny = vi.fn()
    render(<ApprovalCard approval={pending} onApprove={onApprove} onDeny={onDeny} />)
    const card = screen.getByRole('region', { name: /^Approval required\s*iteration 1$/ })
    expect(within(card).getByText('Deploy to production?')).toBeTruthy()
    fireEvent.click(within(card).getByRole('button', { name: 'Deny' }))
    expect(onDeny).toHaveBeenCalledWith(undefined)
    fireEvent.change(within(card).getByRole('textbox', { name: 'Comment (optional)' }), { target: { value: '  looks fine ' } })
    fireEvent.click(within(card).getByRole('button', { name: 'Approve' }))
    expect(onApprove).toHaveBeenCalledWith('looks fine')
  })

  it('disables the buttons while busy and shows who decided once decided', () => {
    const { rerender } = render(<ApprovalCard approval={pending} onApprove={() => undefined} onDeny={() => undefined} busy />)
    expect(screen.getByRole('button', { name: 'Approve' })).toHaveProperty('disabled', true)
    rerender(<ApprovalCard approval={{ ...pending, status: 'denied', decision: { approved: false, decision: 'denied', by: 'bo', comment: 'not today', decidedAt: T1 } }} />)
    expect(screen.queryByRole('button')).toBeNull()
    const decided = screen.getByRole('status')
    expect(decided.textContent).toMatch(/^✗ Denied by bo at .+: “not today”$/)
    expect(decided.querySelector('time')?.getAttribute('datetime')).toBe(T1)
  })
})

describe('WorkflowContextBar', () => {
  it('is a status region with a dot per top-level step and done/total', () => {
    const steps = [record('a', 'tool'), record('b', 'approval', { status: 'waiting', endedAt: undefined }), record('inner', 'tool', { iterationPath: 'loop:i0' })]
    render(<WorkflowContextBar steps={steps} status="waiting" definition={{ name: 'Ship', steps: [{ id: 'a' }, { id: 'b', name: 'Gate' }, { id: 'c' }] }} executionId="0123456789abcdef" href="/runs/1" />)
    const bar = screen.getByRole('status', { name: 'Workflow progress' })
    expect(within(bar).getByText('1/3 steps done')).toBeTruthy()
    expect(within(bar).getAllByRole('listitem').map((dot) => dot.textContent)).toEqual(['✓a: completed', '⏸Gate: waiting', '○c: pending'])
    expect(within(bar).getByText('01234567')).toBeTruthy()
    expect(within(bar).getByRole('link', { name: /execution/ }).getAttribute('href')).toBe('/runs/1')
  })
})

describe('TriggerCard', () => {
  const base = { createdAt: T0, updatedAt: T0, enabled: true }

  it('humanises a schedule with cronstrue and shows its timezone and last run', () => {
    const trigger: TriggerRecord = { ...base, id: 't1', name: 'Weekday digest', type: 'schedule', workflowId: 'digest', lastRunAt: T1, config: { cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' } }
    render(<TriggerCard trigger={trigger} workflowName="Daily digest" />)
    const card = screen.getByRole('article', { name: 'Trigger Weekday digest' })
    expect(within(card).getByText('At 09:00 AM, Monday through Friday').getAttribute('title')).toBe('0 9 * * 1-5')
    expect(within(card).getByText('(Europe/Berlin)')).toBeTruthy()
    expect(within(card).getByText('Starts Daily digest')).toBeTruthy()
    expect(card.querySelector('time')?.getAttribute('datetime')).toBe(T1)
    expect(within(card).getByText('Enabled')).toBeTruthy()
  })

  it('falls back to the raw cron, and shows a webhook route without its secret', () => {
    expect(describeCron('not a cron')).toBe('not a cron')
    expect(describeCron('30 14 * * *', { use24HourTime: true })).toBe('At 14:30')
    const hook: TriggerRecord = { ...base, enabled: false, id: 't2', name: 'GitHub push', type: 'webhook', workflowId: 'ci', webhookPath: 'github/push', config: { path: 'github/push', secret: 'hunter2', variableMapping: { ref: 'ref' } } }
    render(<TriggerCard trigger={hook} />)
    const card = screen.getByRole('article', { name: 'Trigger GitHub push' })
    expect(within(card).getByText('POST /webhooks/github/push')).toBeTruthy()
    expect(card.textContent).not.toContain('hunter2')
    expect(card.textContent).toContain('maps 1 variable')
    expect(within(card).getByText('Disabled')).toBeTruthy()
    expect(within(card).getByText('Never run')).toBeTruthy()
  })
})

describe('DeliveryLog', () => {
  it('is a table with a caption, column headers and one row per delivery', () => {
    const deliveries: TriggerDelivery[] = [
      { id: 'd2', triggerId: 't1', triggerType: 'webhook', outcome: 'invalid_signature', reason: 'invalid signature', eventType: 'push', receivedAt: T1, recordedAt: T1 },
      { id: 'd1', triggerId: 't1', triggerType: 'webhook', outcome: 'matched', eventType: 'push', deliveryId: 'gh-1', executionId: 'exe_1', receivedAt: T0, recordedAt: T0 },
    ]
    render(<DeliveryLog deliveries={deliveries} renderExecution={(id) => <a href={`/runs/${id}`}>{id}</a>} />)
    const table = screen.getByRole('table', { name: 'Deliveries' })
    expect(within(table).getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual(['Received', 'Outcome', 'Event', 'Delivery', 'Execution', 'Reason'])
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows.map((row) => within(row).getAllByRole('cell')[1].textContent)).toEqual(['✗ invalid signature', '✓ matched'])
    expect(within(rows[1]).getByRole('link', { name: 'exe_1' }).getAttribute('href')).toBe('/runs/exe_1')
  })

  it('says so when there are no deliveries', () => {
    render(<DeliveryLog deliveries={[]} />)
    expect(screen.getByRole('cell').textContent).toBe('No deliveries yet.')
  })
})

describe('stylesheet', () => {
  it('is themed with CSS variables and renders as one <style>', () => {
    expect(stepwiseStyles).toContain('var(--stepwise-accent')
    const { container } = render(<StepwiseStyles nonce="abc" />)
    expect(container.querySelector('style')?.textContent).toBe(stepwiseStyles)
  })
})
