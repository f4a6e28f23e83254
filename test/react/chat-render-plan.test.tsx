// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import type { StepRecord } from '../../src/index.js'
import { buildChatRenderPlan, iterationLabel, splitTurns, toEpochMs, type AgentTurn, type ChatMessageLike } from '../../src/react/index.js'

const at = (second: number): string => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString()

function step(stepId: string, second: number, extra: Partial<StepRecord> = {}): StepRecord {
  return { executionId: 'e1', stepId, stepType: 'tool', iterationPath: '', attempt: 1, status: 'completed', startedAt: at(second), ...extra }
}

function message(id: string, second: number | undefined, metadata?: Record<string, unknown>): ChatMessageLike {
  return { id, ...(second === undefined ? {} : { createdAt: at(second) }), ...(metadata === undefined ? {} : { metadata }) }
}

const summary = (plan: ReturnType<typeof buildChatRenderPlan>): string[] =>
  plan.map((item) => (item.kind === 'messages' ? `messages:${item.messages.map((m) => m.id).join(',')}` : `${item.kind}:${item.stepId}@${item.iterationPath}`))

describe('buildChatRenderPlan', () => {
  it('merges messages and steps by time, grouping consecutive plain messages', () => {
    const plan = buildChatRenderPlan([message('m1', 0), message('m2', 1), message('m3', 5)], [step('b', 4), step('a', 2)])
    expect(summary(plan)).toEqual(['messages:m1,m2', 'step:a@', 'step:b@', 'messages:m3'])
  })

  it('keeps a message without a time after the message before it; ties put messages first', () => {
    const plan = buildChatRenderPlan([message('m1', 3), message('m2', undefined)], [step('a', 3), step('b', 1)])
    expect(summary(plan)).toEqual(['step:b@', 'messages:m1,m2', 'step:a@'])
  })

  it('reads epoch seconds, epoch ms, ISO strings and Dates', () => {
    expect(toEpochMs(1_700_000_000)).toBe(1_700_000_000_000)
    expect(toEpochMs(1_700_000_000_000)).toBe(1_700_000_000_000)
    expect(toEpochMs('2026-01-01T00:00:00.000Z')).toBe(Date.UTC(2026, 0, 1))
    expect(toEpochMs(new Date(5))).toBe(5)
    expect(toEpochMs('not a date')).toBeUndefined()
  })

  it('makes agent steps containers holding their messages, placed at their earliest item', () => {
    const pointer = { executionId: 'e1', stepId: 'ask', iterationPath: '', stepType: 'agent_prompt' }
    const plan = buildChatRenderPlan(
      [message('user', 0), message('reply-1', 2, pointer), message('later', 3), message('reply-2', 4, pointer)],
      [step('ask', 1, { stepType: 'agent_prompt' }), step('notify', 5, { stepType: 'notify' })],
    )
    expect(summary(plan)).toEqual(['messages:user', 'step-container:ask@', 'messages:later', 'step:notify@'])
    const container = plan[1]
    expect(container.kind === 'step-container' && container.messages.map((m) => m.id)).toEqual(['reply-1', 'reply-2'])
    expect(container.kind === 'step-container' && container.step?.stepId).toBe('ask')
  })

  it('gives each loop iteration its own entry, and the loop its own card', () => {
    const steps = [
      step('each', 1, { stepType: 'loop' }),
      step('ask', 2, { stepType: 'agent_prompt', iterationPath: 'each:i0' }),
      step('ask', 3, { stepType: 'agent_prompt', iterationPath: 'each:i1' }),
    ]
    const plan = buildChatRenderPlan([], steps)
    expect(summary(plan)).toEqual(['step:each@', 'step-container:ask@each:i0', 'step-container:ask@each:i1'])
    expect(new Set(plan.map((item) => item.key)).size).toBe(3)
    expect(plan.map((item) => (item.kind === 'messages' ? '' : (iterationLabel(item.iterationPath) ?? 'top')))).toEqual(['top', 'iteration 1', 'iteration 2'])
  })

  it('folds the attempts of one step instance into one entry, latest attempt as the step', () => {
    const plan = buildChatRenderPlan([], [step('call', 1, { status: 'failed' }), step('call', 4, { attempt: 2, status: 'completed' })])
    expect(plan).toHaveLength(1)
    const [item] = plan
    expect(item.kind === 'step' && item.attempts.map((a) => a.attempt)).toEqual([1, 2])
    expect(item.kind === 'step' && item.step?.status).toBe('completed')
  })

  it('keeps two executions with the same step id apart', () => {
    const plan = buildChatRenderPlan([], [step('a', 1), step('a', 2, { executionId: 'e2' })])
    expect(plan.map((item) => item.key)).toEqual(['e1/a@', 'e2/a@'])
  })

  it('shows a step that only messages name so far, and leaves out excluded steps with their messages', () => {
    const pointer = { executionId: 'e1', stepId: 'ask', iterationPath: '', stepType: 'agent_prompt' }
    const loopPointer = { executionId: 'e1', stepId: 'each', iterationPath: '', stepType: 'loop' }
    const plan = buildChatRenderPlan([message('reply', 1, pointer), message('loop-card', 2, loopPointer)], [step('each', 0, { stepType: 'loop' })], {
      includeStep: (record) => record.stepType !== 'loop',
    })
    expect(summary(plan)).toEqual(['step-container:ask@'])
    expect(plan[0].kind === 'step-container' && plan[0].step).toBeUndefined()
  })

  it('takes custom time and step readers', () => {
    interface Msg extends ChatMessageLike {
      ts: number
      step?: string
    }
    const messages: Msg[] = [{ id: 'x', ts: 10 }, { id: 'y', ts: 30, step: 'b' }]
    const plan = buildChatRenderPlan(messages, [step('b', 50), step('a', 20)], {
      timeOf: (m) => m.ts,
      stepOf: (m) => (m.step === undefined ? undefined : { executionId: 'e1', stepId: m.step, iterationPath: '' }),
    })
    // Time readers here return epoch ms of 1970, so every step (2026) comes after both messages.
    expect(summary(plan)).toEqual(['messages:x', 'step:b@', 'step:a@'])
  })
})

describe('splitTurns', () => {
  const turn = (turnId: string, attempt: number, status: AgentTurn['status'], cause?: AgentTurn['cause']): AgentTurn => ({
    turnId,
    executionId: 'e1',
    stepId: 'ask',
    iterationPath: '',
    attempt,
    model: 'm',
    prompt: 'p',
    status,
    text: turnId,
    reasoning: '',
    toolCalls: [],
    startedAt: at(0),
    ...(cause === undefined ? {} : { cause }),
  })

  it('shows the newest turn and collapses superseded ones and earlier step attempts', () => {
    // Arrival order within an attempt; an earlier attempt's turn sorts first wherever it is.
    const { current, previous } = splitTurns([turn('a1', 2, 'cancelled'), turn('a2', 2, 'completed', 'repair'), turn('x', 1, 'error')])
    expect(current?.turnId).toBe('a2')
    expect(previous.map((t) => t.turnId)).toEqual(['x', 'a1'])
  })

  it('has nothing to split without turns', () => {
    expect(splitTurns([])).toEqual({ current: undefined, previous: [] })
  })
})
