import { describe, expect, it } from 'vitest'
import { buildDiagramGraph, type DiagramGraph } from '../../src/react/flow/build-diagram-graph.js'
import { layoutGraph, type LayoutBox } from '../../src/react/flow/layout-graph.js'
import { everything } from './fixtures.js'

const sizes = { start: [100, 36], end: [100, 36], join: [20, 20], step: [220, 80], container: [260, 80] } as const

function layout(graph: DiagramGraph): Map<string, LayoutBox> {
  return layoutGraph(graph, { nodeSize: (node) => ({ width: sizes[node.kind][0], height: sizes[node.kind][1] }), containerHeader: () => 90 })
}

function overlaps(a: LayoutBox, b: LayoutBox): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

const nested: DiagramGraph = buildDiagramGraph({
  steps: [
    { id: 'outer', type: 'loop', over: '[1]', steps: [
      { id: 'a', type: 'set', values: { a: '1' } },
      { id: 'inner', type: 'loop', over: '[1]', steps: [{ id: 'p', type: 'parallel', branches: [[{ id: 'b1', type: 'set', values: { b: '1' } }], [{ id: 'b2', type: 'set', values: { c: '1' } }], [{ id: 'b3', type: 'set', values: { d: '1' } }]] }] },
    ] },
    { id: 'c', type: 'conditional', condition: 'true', then: [{ id: 't', type: 'set', values: { e: '1' } }], else: [{ id: 'e', type: 'set', values: { f: '1' } }] },
  ],
})

describe('layoutGraph', () => {
  for (const [name, graph] of [['everything', buildDiagramGraph(everything)], ['nested loops', nested]] as const) {
    it(`gives every node a box, and siblings never overlap (${name})`, () => {
      const boxes = layout(graph)
      expect([...boxes.keys()].sort()).toEqual(graph.nodes.map((node) => node.id).sort())
      const levels = new Map<string | undefined, string[]>()
      for (const node of graph.nodes) levels.set(node.parentId, [...(levels.get(node.parentId) ?? []), node.id])
      for (const ids of levels.values()) {
        for (let i = 0; i < ids.length; i += 1) {
          for (let j = i + 1; j < ids.length; j += 1) {
            expect(overlaps(boxes.get(ids[i]) as LayoutBox, boxes.get(ids[j]) as LayoutBox), `${ids[i]} overlaps ${ids[j]}`).toBe(false)
          }
        }
      }
    })

    it(`puts body nodes inside their container, below its header (${name})`, () => {
      const boxes = layout(graph)
      for (const node of graph.nodes) {
        if (node.parentId === undefined) continue
        const box = boxes.get(node.id) as LayoutBox
        const parent = boxes.get(node.parentId) as LayoutBox
        expect(box.x).toBeGreaterThanOrEqual(0)
        expect(box.y).toBeGreaterThanOrEqual(90)
        expect(box.x + box.width).toBeLessThanOrEqual(parent.width)
        expect(box.y + box.height).toBeLessThanOrEqual(parent.height)
      }
    })
  }

  it('flows top to bottom: every top-level edge goes downwards', () => {
    const graph = buildDiagramGraph(everything)
    const boxes = layout(graph)
    const topLevel = new Set(graph.nodes.filter((node) => node.parentId === undefined).map((node) => node.id))
    for (const edge of graph.edges) {
      if (!topLevel.has(edge.source) || !topLevel.has(edge.target)) continue
      expect((boxes.get(edge.source) as LayoutBox).y, `${edge.id}`).toBeLessThan((boxes.get(edge.target) as LayoutBox).y)
    }
  })

  it('keeps an end step next to the branch that leads to it', () => {
    const boxes = layout(buildDiagramGraph(everything))
    // `stop` is the ELSE branch of `check`: it belongs beside `notify_go` (THEN), not at the bottom.
    expect((boxes.get('stop') as LayoutBox).y).toBe((boxes.get('notify_go') as LayoutBox).y)
  })

  it('sizes a container around its body', () => {
    const boxes = layout(nested)
    const inner = boxes.get('inner') as LayoutBox
    // Three branches side by side do not fit in the container's minimum width.
    expect(inner.width).toBeGreaterThan(3 * 220)
    expect((boxes.get('outer') as LayoutBox).width).toBeGreaterThan(inner.width)
  })
})
