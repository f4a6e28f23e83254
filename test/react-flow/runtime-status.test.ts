import { describe, expect, it } from 'vitest'
import { buildDiagramGraph } from '../../src/react/flow/build-diagram-graph.js'
import { combineStatuses, computeRuntimeView } from '../../src/react/flow/runtime-status.js'
import { everything, record } from './fixtures.js'

const graph = buildDiagramGraph(everything)

const records = [
  record('plan', 'completed'),
  record('check', 'completed'),
  record('notify_go', 'completed', 'check:then'),
  record('fan', 'completed'),
  record('left', 'failed', 'fan:b0', 1),
  record('left', 'completed', 'fan:b0', 2),
  record('right1', 'completed', 'fan:b1'),
  record('right2', 'completed', 'fan:b1'),
  record('each', 'waiting'),
  record('work', 'completed', 'each:i0'),
  record('gate', 'completed', 'each:i0'),
  record('work', 'failed', 'each:i1'),
  record('work', 'completed', 'each:i2'),
  record('gate', 'waiting', 'each:i2'),
  record('ask', 'waiting', 'each:i2/gate:then'),
]

describe('computeRuntimeView', () => {
  it('shows each step’s latest attempt, pending when it has no record yet', () => {
    const view = computeRuntimeView(graph, records)
    expect(view.statuses.get('plan')).toMatchObject({ status: 'completed', attempt: 1 })
    expect(view.statuses.get('left')).toMatchObject({ status: 'completed', attempt: 2 })
    expect(view.statuses.get('pause')).toMatchObject({ status: 'pending', attempt: 0 })
  })

  it('shows the branch not taken by a finished conditional as skipped', () => {
    const view = computeRuntimeView(graph, records)
    expect(view.statuses.get('notify_go')?.status).toBe('completed')
    expect(view.statuses.get('stop')?.status).toBe('skipped')
  })

  it('lists a loop’s iterations with a combined status and shows the latest by default', () => {
    const view = computeRuntimeView(graph, records)
    expect(view.iterations.get('each')).toEqual({
      options: [
        { index: 0, status: 'completed' },
        { index: 1, status: 'failed' },
        { index: 2, status: 'waiting' },
      ],
      selected: 2,
    })
    expect(view.statuses.get('each')?.status).toBe('waiting')
    expect(view.statuses.get('work')?.status).toBe('completed')
    expect(view.statuses.get('ask')?.status).toBe('waiting')
  })

  it('shows the statuses of the iteration the user picked', () => {
    const first = computeRuntimeView(graph, records, { each: 0 })
    expect(first.iterations.get('each')?.selected).toBe(0)
    expect(first.statuses.get('work')?.status).toBe('completed')
    // `gate` finished in iteration 0 without running its THEN branch.
    expect(first.statuses.get('ask')?.status).toBe('skipped')
    const second = computeRuntimeView(graph, records, { each: 1 })
    expect(second.statuses.get('work')?.status).toBe('failed')
    expect(second.statuses.get('gate')?.status).toBe('pending')
    // An unknown choice falls back to the latest iteration.
    expect(computeRuntimeView(graph, records, { each: 9 }).iterations.get('each')?.selected).toBe(2)
  })

  it('resolves nested loops with the outer loop’s picked iteration', () => {
    const nested = buildDiagramGraph({ steps: [{ id: 'outer', type: 'loop', over: '[1,2]', steps: [{ id: 'inner', type: 'loop', over: '[1,2]', steps: [{ id: 'leaf', type: 'set', values: { a: '1' } }] }] }] })
    const rows = [
      record('outer', 'completed'),
      record('inner', 'completed', 'outer:i0'),
      record('leaf', 'completed', 'outer:i0/inner:i0'),
      record('leaf', 'failed', 'outer:i0/inner:i1'),
      record('inner', 'completed', 'outer:i1'),
      record('leaf', 'skipped', 'outer:i1/inner:i0'),
    ]
    const latest = computeRuntimeView(nested, rows)
    expect(latest.iterations.get('outer')?.selected).toBe(1)
    expect(latest.iterations.get('inner')).toEqual({ options: [{ index: 0, status: 'skipped' }], selected: 0 })
    expect(latest.statuses.get('leaf')?.status).toBe('skipped')
    const picked = computeRuntimeView(nested, rows, { outer: 0, inner: 1 })
    expect(picked.iterations.get('inner')?.options.map((option) => option.status)).toEqual(['completed', 'failed'])
    expect(picked.statuses.get('leaf')?.status).toBe('failed')
    expect(picked.statuses.get('inner')?.status).toBe('completed')
  })

  it('shows the body of a loop that has not started as pending', () => {
    const view = computeRuntimeView(graph, [record('plan', 'running')])
    expect(view.statuses.get('plan')?.status).toBe('running')
    expect(view.iterations.has('each')).toBe(false)
    expect(view.statuses.get('work')?.status).toBe('pending')
  })
})

describe('combineStatuses', () => {
  it('lets failures and activity win, and is skipped only when everything was', () => {
    expect(combineStatuses(['completed', 'failed', 'running'])).toBe('failed')
    expect(combineStatuses(['completed', 'running'])).toBe('running')
    expect(combineStatuses(['completed', 'waiting'])).toBe('waiting')
    expect(combineStatuses(['completed', 'cancelled'])).toBe('cancelled')
    expect(combineStatuses(['completed', 'skipped'])).toBe('completed')
    expect(combineStatuses(['skipped', 'skipped'])).toBe('skipped')
  })
})
