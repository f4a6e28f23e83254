import { describe, expect, it } from 'vitest'
import { createEngine, memoryStorage, StepwiseError, type CommitBatch, type StorageAdapterV1 } from '../../src/index.js'
import { recordingTool } from '../helpers.js'

/** Memory storage whose commits are recorded, and can be made to fail from the `failFrom`-th one on. */
function recordingStorage(failFrom = Number.POSITIVE_INFINITY) {
  const inner = memoryStorage()
  const commits: CommitBatch[] = []
  const commit: StorageAdapterV1['commit'] = async (tenantId, executionId, fence, batch) => {
    commits.push(batch)
    if (commits.length >= failFrom) throw new StepwiseError('LEASE_LOST', 'injected: another worker took the lease')
    return inner.commit(tenantId, executionId, fence, batch)
  }
  const storage = new Proxy(inner, {
    get(target, key) {
      if (key === 'commit') return commit
      const value: unknown = Reflect.get(target, key)
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  })
  return { storage, commits, inner }
}

const parallel = (branches: number) => ({
  id: 'fan-out',
  steps: [{ id: 'p', type: 'parallel', branches: Array.from({ length: branches }, (_, i) => [{ id: `b${i}`, type: 'tool', tool: 'echo', arguments: { i } }]) }],
})

describe('group commit', () => {
  it('parallel branches finishing together share writes, and every row and event is stored in order', async () => {
    const { storage, commits, inner } = recordingStorage()
    const echo = recordingTool()
    const engine = createEngine({ storage, tools: { echo: echo.tool } })
    await engine.workflows.save(parallel(10))
    const done = await engine.run('fan-out')
    expect(done.status).toBe('completed')
    // Start, 10 branch steps, the parallel step, completion: 13 writes one by one; joined, far fewer.
    expect(commits.length).toBeLessThanOrEqual(6)
    const rows = await inner.listSteps('default', done.id)
    expect(rows.filter((r) => r.stepId.startsWith('b')).map((r) => [r.stepId, r.status, r.output])).toEqual(
      Array.from({ length: 10 }, (_, i) => [`b${i}`, 'completed', { i }]),
    )
    const events = await inner.readEvents('default', done.id, 0, 1_000)
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1))
    expect(events.filter((e) => e.type === 'step.completed').length).toBe(11)
    expect((await inner.getExecution('default', done.id))?.lastSeq).toBe(events.length)
    await engine.close()
  })

  it('a joined write that fails fails every step that joined it, and the execution stops without an unhandled rejection', async () => {
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      const { storage, commits, inner } = recordingStorage(3)
      const echo = recordingTool()
      const engine = createEngine({ storage, tools: { echo: echo.tool } })
      await engine.workflows.save(parallel(10))
      const { id } = await engine.start('fan-out')
      await new Promise((resolve) => setTimeout(resolve, 50))
      // The lease was lost: nothing after the failed write reached storage, and the run let go.
      expect(commits.length).toBe(3)
      const stored = await inner.getExecution('default', id)
      expect(stored?.status).toBe('running')
      expect((await inner.listSteps('default', id)).filter((r) => r.status === 'completed').length).toBeLessThan(10)
      await engine.close()
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })
})
