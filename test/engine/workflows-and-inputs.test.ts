import { describe, expect, it } from 'vitest'
import { canonicalHash } from '../../src/index.js'
import { recordingTool, testEngine } from '../helpers.js'

const t = recordingTool(() => 'ok')
const doc = (extra: Record<string, unknown> = {}) => ({ id: 'wf', name: 'Workflow', steps: [{ id: 'a', type: 'tool', tool: 't' }], ...extra })

describe('workflows', () => {
  it('saves versions by hash: same content is no new version, new content is', async () => {
    const { engine } = testEngine({ tools: { t: t.tool } })
    const first = await engine.workflows.save(doc())
    const again = await engine.workflows.save({ steps: [{ type: 'tool', tool: 't', id: 'a' }], name: 'Workflow', id: 'wf' })
    const second = await engine.workflows.save(doc({ description: 'changed' }))
    expect(first).toMatchObject({ id: 'wf', version: 1, changed: true })
    expect(again).toMatchObject({ version: 1, changed: false, hash: first.hash })
    expect(second).toMatchObject({ version: 2, changed: true })
    expect((await engine.workflows.history('wf')).map((v) => v.version)).toEqual([2, 1])
    expect((await engine.workflows.get('wf')).definition.description).toBe('changed')
    expect((await engine.workflows.list()).map((w) => w.id)).toEqual(['wf'])
    const rolled = await engine.workflows.rollback('wf', { hash: first.hash })
    expect(rolled).toMatchObject({ version: 3, hash: first.hash, changed: true })
    expect(await engine.workflows.rollback('wf', { hash: first.hash })).toMatchObject({ changed: false })
  })

  it('runs are pinned to the snapshot even after the workflow is edited or deleted', async () => {
    const { engine } = testEngine({ tools: { t: t.tool } })
    await engine.workflows.save({ id: 'p', steps: [{ id: 'gate', type: 'approval' }, { id: 'after', type: 'set', values: { v: '"one"' } }] })
    const waiting = await engine.run('p')
    expect(waiting.status).toBe('waiting')
    await engine.workflows.save({ id: 'p', steps: [{ id: 'gate', type: 'approval' }, { id: 'after', type: 'set', values: { v: '"two"' } }] })
    await engine.workflows.delete('p')
    await engine.executions.approve(waiting.id, { approved: true })
    const done = await engine.executions.settled(waiting.id)
    expect(done.status).toBe('completed')
    expect(done.outputs.v).toBe('one')
    expect(done.workflowVersion).toBe(1)
    await expect(engine.workflows.get('p')).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('an idempotency key returns the existing execution', async () => {
    const { engine } = testEngine({ tools: { t: t.tool } })
    const a = await engine.start(doc(), { idempotencyKey: 'k1' })
    const b = await engine.start(doc(), { idempotencyKey: 'k1' })
    const c = await engine.start(doc(), { idempotencyKey: 'k2' })
    expect(b.id).toBe(a.id)
    expect(c.id).not.toBe(a.id)
    const [x, y] = await Promise.all([engine.start(doc(), { idempotencyKey: 'k3' }), engine.start(doc(), { idempotencyKey: 'k3' })])
    expect(x.id).toBe(y.id)
  })

  it('canonical hash ignores key order', () => {
    expect(canonicalHash({ a: 1, b: { c: 2, d: [1, 2] } })).toBe(canonicalHash({ b: { d: [1, 2], c: 2 }, a: 1 }))
    expect(canonicalHash({ a: 1 })).not.toBe(canonicalHash({ a: 2 }))
  })
})

describe('input variables', () => {
  const typed = {
    id: 'typed',
    variables: {
      name: { type: 'string', required: true },
      count: { type: 'number', default: 3 },
      flags: { type: 'array' },
    },
    steps: [{ id: 's', type: 'set', values: { out: 'variables.name & "-" & $string(variables.count)' } }],
  }

  it('applies defaults and passes values to expressions', async () => {
    const { engine } = testEngine()
    const execution = await engine.run(typed, { variables: { name: 'a' } })
    expect(execution.variables).toEqual({ name: 'a', count: 3 })
    expect(execution.outputs.out).toBe('a-3')
  })

  it('rejects missing required and mistyped variables with VARIABLES_INVALID and creates no execution', async () => {
    const { engine } = testEngine()
    await expect(engine.run(typed, { variables: {} })).rejects.toMatchObject({ code: 'VARIABLES_INVALID' })
    const error = (await engine.start(typed, { variables: { name: 1, flags: 'x' } }).catch((e: unknown) => e)) as { details: { issues: unknown[] } }
    expect(error.details.issues).toHaveLength(2)
    expect(await engine.executions.list()).toHaveLength(0)
  })

  it('copies variables so the caller cannot mutate a running execution', async () => {
    const { engine } = testEngine()
    const variables = { name: 'a', nested: { x: 1 } }
    const execution = await engine.run(typed, { variables })
    variables.nested.x = 2
    expect((await engine.executions.get(execution.id)).variables.nested).toEqual({ x: 1 })
  })
})
