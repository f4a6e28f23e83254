import { describe, expect, it } from 'vitest'
import { buildDiagramGraph, END_NODE_ID, START_NODE_ID, type DiagramGraph } from '../../src/react/flow/build-diagram-graph.js'
import { validateWorkflow } from '../../src/validate.js'
import { everything } from './fixtures.js'

/** `source->target` (with `:LABEL`) of every edge, for readable assertions. */
function edgeList(graph: DiagramGraph): string[] {
  return graph.edges.map((edge) => `${edge.source}->${edge.target}${edge.label === undefined ? '' : `:${edge.label}`}`)
}

describe('buildDiagramGraph', () => {
  it('draws an empty workflow as start → end', () => {
    const graph = buildDiagramGraph({ steps: [] })
    expect(graph.nodes.map((node) => node.kind)).toEqual(['start', 'end'])
    expect(edgeList(graph)).toEqual([`${START_NODE_ID}->${END_NODE_ID}`])
  })

  it('chains top-level steps between start and end, with labels and summaries from the metadata', () => {
    const graph = buildDiagramGraph({
      steps: [
        { id: 'a', type: 'tool', tool: 'search', name: 'Search' },
        { id: 'b', type: 'wait', durationMs: 300_000, if: 'variables.slow' },
      ],
    })
    expect(edgeList(graph)).toEqual([':start->a', 'a->b', 'b->:end'])
    const [a, b] = graph.nodes.filter((node) => node.kind === 'step').map((node) => node.step)
    expect(a).toMatchObject({ stepId: 'a', typeLabel: 'Tool call', icon: 'wrench', category: 'action', summary: 'tool: search', name: 'Search', pointer: '/steps/0' })
    expect(b).toMatchObject({ summary: 'wait 5m', condition: 'variables.slow', pointer: '/steps/1' })
  })

  it('labels conditional edges THEN and ELSE and merges both branches into the next step', () => {
    const graph = buildDiagramGraph({
      steps: [
        { id: 'c', type: 'conditional', condition: 'true', then: [{ id: 't1', type: 'set', values: { a: '1' } }, { id: 't2', type: 'set', values: { b: '1' } }], else: [{ id: 'e1', type: 'set', values: { c: '1' } }] },
        { id: 'after', type: 'set', values: { d: '1' } },
      ],
    })
    expect(edgeList(graph)).toEqual([':start->c', 'c->t1:THEN', 't1->t2', 'c->e1:ELSE', 't2->after', 'e1->after', 'after->:end'])
  })

  it('draws a missing or empty branch as a labelled edge straight to the next step', () => {
    const graph = buildDiagramGraph({ steps: [{ id: 'c', type: 'conditional', condition: 'true', then: [{ id: 't', type: 'end' }] }, { id: 'next', type: 'set', values: { a: '1' } }] })
    expect(edgeList(graph)).toEqual([':start->c', 'c->t:THEN', 't->:end', 'c->next:ELSE', 'next->:end'])
  })

  it('fans a parallel step out to its branches and joins them', () => {
    const graph = buildDiagramGraph(everything)
    const edges = edgeList(graph)
    expect(edges).toEqual(expect.arrayContaining(['fan->left', 'fan->right1', 'right1->right2', 'left->fan:join', 'right2->fan:join', 'fan:join->each']))
    expect(graph.nodes.find((node) => node.id === 'fan:join')?.kind).toBe('join')
  })

  it('accepts the parallel shorthand (one branch per step)', () => {
    const graph = buildDiagramGraph({ steps: [{ id: 'p', type: 'parallel', steps: [{ id: 'x', type: 'set', values: { a: '1' } }, { type: 'set', values: { b: '1' } }] }] })
    expect(edgeList(graph)).toEqual([':start->p', 'p->x', 'p->p_branches_1_0', 'x->p:join', 'p_branches_1_0->p:join', 'p:join->:end'])
    expect(graph.nodes.find((node) => node.id === 'p_branches_1_0')?.step?.pointer).toBe('/steps/0/steps/1')
  })

  it('groups a loop body inside the loop container and continues after the loop', () => {
    const graph = buildDiagramGraph(everything)
    const loop = graph.nodes.find((node) => node.id === 'each')
    expect(loop?.kind).toBe('container')
    expect(graph.nodes.filter((node) => node.parentId === 'each').map((node) => node.id)).toEqual(['work', 'gate', 'ask'])
    const edges = edgeList(graph)
    expect(edges).toEqual(expect.arrayContaining(['fan:join->each', 'work->gate', 'gate->ask:THEN', 'each->pause', 'pause->:end']))
    expect(edges.filter((edge) => edge.startsWith('each->'))).toEqual(['each->pause'])
    // Containers come before their bodies (React Flow needs parents first).
    const order = graph.nodes.map((node) => node.id)
    expect(order.indexOf('each')).toBeLessThan(order.indexOf('work'))
  })

  it('sends end steps to the end node and leaves what follows them unreachable', () => {
    const graph = buildDiagramGraph({ steps: [{ id: 'stop', type: 'end' }, { id: 'never', type: 'set', values: { a: '1' } }] })
    expect(edgeList(graph)).toEqual([':start->stop', 'stop->:end', 'never->:end'])
  })

  it('records the enclosing containers of nested steps and the pointers of their positions', () => {
    const graph = buildDiagramGraph({
      steps: [{ id: 'outer', type: 'loop', over: '[1]', steps: [{ id: 'inner', type: 'loop', over: '[1]', steps: [{ id: 'c', type: 'conditional', condition: 'true', then: [{ id: 'deep', type: 'set', values: { a: '1' } }] }] }] }],
    })
    const deep = graph.nodes.find((node) => node.id === 'deep')
    expect(deep?.parentId).toBe('inner')
    expect(graph.nodes.find((node) => node.id === 'inner')?.parentId).toBe('outer')
    expect(deep?.step?.ancestors.map((a) => `${a.stepId}:${a.layout}`)).toEqual(['outer:group', 'inner:group', 'c:alternatives'])
    expect(deep?.step?.pointer).toBe('/steps/0/steps/0/steps/0/then/0')
  })

  it('derives ids of steps without one the way the validator does, and tolerates unknown types', () => {
    const graph = buildDiagramGraph({ steps: [{ type: 'loop', over: '[1]', steps: [{ type: 'set', values: { a: '1' } }] }, { type: 'mystery' }, 'junk'] })
    expect(graph.nodes.map((node) => node.id)).toEqual([':start', 'step_0', 'step_0_steps_0', 'step_1', 'step_2', ':end'])
    expect(graph.nodes.find((node) => node.id === 'step_1')?.step).toMatchObject({ type: 'mystery', typeLabel: 'mystery', category: 'unknown' })
    expect(graph.nodes.find((node) => node.id === 'step_2')?.step?.typeLabel).toBe('Unknown step')
  })

  it('derives the same ids as validateWorkflow, so runtime records match id-less steps', () => {
    const document = {
      id: 'wf',
      steps: [
        { type: 'loop', over: '[1]', steps: [{ type: 'conditional', condition: 'true', then: [{ type: 'set', values: { a: '1' } }], else: [{ type: 'set', values: { b: '1' } }] }] },
        { type: 'parallel', branches: [[{ type: 'set', values: { c: '1' } }], [{ type: 'set', values: { d: '1' } }]] },
        { type: 'parallel', steps: [{ type: 'set', values: { e: '1' } }] },
      ],
    }
    const result = validateWorkflow(document)
    if (!result.ok) throw new Error(JSON.stringify(result.issues))
    const ids: string[] = []
    const collect = (steps: readonly unknown[]): void => {
      for (const step of steps as Record<string, unknown>[]) {
        ids.push(step.id as string)
        for (const key of ['steps', 'then', 'else']) if (Array.isArray(step[key])) collect(step[key] as unknown[])
        if (Array.isArray(step.branches)) for (const branch of step.branches as unknown[][]) collect(branch)
      }
    }
    collect(result.workflow.steps)
    const graphIds = buildDiagramGraph(document).nodes.flatMap((node) => (node.step === undefined ? [] : [node.step.stepId]))
    expect(graphIds.sort()).toEqual(ids.sort())
  })

  it('keeps node ids unique when a half-edited document repeats a step id', () => {
    const graph = buildDiagramGraph({ steps: [{ id: 'x', type: 'set', values: { a: '1' } }, { id: 'x', type: 'set', values: { b: '1' } }] })
    expect(new Set(graph.nodes.map((node) => node.id)).size).toBe(graph.nodes.length)
    expect(edgeList(graph)).toEqual([':start->x', 'x->x@/steps/1', 'x@/steps/1->:end'])
  })

  it('uses extra metadata for custom step types', () => {
    const graph = buildDiagramGraph(
      { steps: [{ id: 'r', type: 'retry_block', steps: [{ id: 'inside', type: 'set', values: { a: '1' } }] }] },
      { stepDiagrams: { retry_block: { label: 'Retry block', icon: 'repeat', category: 'control', blocks: ['steps'], summarize: () => 'up to 3 times' } } },
    )
    expect(graph.nodes.find((node) => node.id === 'r')).toMatchObject({ kind: 'container', step: { typeLabel: 'Retry block', summary: 'up to 3 times' } })
    expect(graph.nodes.find((node) => node.id === 'inside')?.parentId).toBe('r')
  })
})
