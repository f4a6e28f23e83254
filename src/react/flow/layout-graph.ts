/**
 * @module
 * Positions of the diagram's nodes, computed with dagre, top to bottom. Containers are laid
 * out inside-out: each body is laid out on its own, the container is sized around it, then the
 * container takes part in its parent's layout as one box. Positions of body nodes are relative
 * to their container (as React Flow's `parentId` expects), so boxes never overlap.
 */
import { Graph, layout } from '@dagrejs/dagre'
import type { DiagramGraph, DiagramNode } from './build-diagram-graph.js'

/** Width and height of a node, in pixels. */
export interface LayoutSize {
  /** Width. */
  width: number
  /** Height. */
  height: number
}

/** Top-left position (relative to the parent container, if any) and size of a node. */
export interface LayoutBox extends LayoutSize {
  /** Left edge. */
  x: number
  /** Top edge. */
  y: number
}

/** Options of {@link layoutGraph}. */
export interface LayoutGraphOptions {
  /** Size of a node; for containers, the minimum size (the body makes them bigger). */
  nodeSize(node: DiagramNode): LayoutSize
  /** Height reserved at the top of a container for its header. Default 64. */
  containerHeader?(node: DiagramNode): number
  /** Padding around a container's body. Default 20. */
  containerPadding?: number
  /** Horizontal gap between nodes of one rank. Default 40. */
  nodeSeparation?: number
  /** Vertical gap between ranks. Default 48. */
  rankSeparation?: number
}

/** Size reserved for an edge label (THEN/ELSE). */
const LABEL_SIZE = { width: 44, height: 18 }

/**
 * Lays out a diagram graph: a box for every node, top-level boxes in absolute coordinates,
 * body boxes relative to their container.
 */
export function layoutGraph(graph: DiagramGraph, options: LayoutGraphOptions): Map<string, LayoutBox> {
  const padding = options.containerPadding ?? 20
  const byId = new Map(graph.nodes.map((node) => [node.id, node]))
  const children = new Map<string | undefined, DiagramNode[]>()
  for (const node of graph.nodes) {
    const parent = node.parentId !== undefined && byId.has(node.parentId) ? node.parentId : undefined
    children.set(parent, [...(children.get(parent) ?? []), node])
  }
  /** The ancestor of `id` (or `id` itself) whose parent is `level`. */
  const atLevel = (id: string, level: string | undefined): string | undefined => {
    let current = byId.get(id)
    while (current !== undefined) {
      const parent = current.parentId !== undefined && byId.has(current.parentId) ? current.parentId : undefined
      if (parent === level) return current.id
      current = parent === undefined ? undefined : byId.get(parent)
    }
    return undefined
  }
  const boxes = new Map<string, LayoutBox>()

  /** Lays out the nodes directly inside `level`; returns the size of their bounding box. */
  const layoutLevel = (level: string | undefined): LayoutSize => {
    const members = children.get(level) ?? []
    if (members.length === 0) return { width: 0, height: 0 }
    const sizes = new Map<string, LayoutSize>()
    for (const node of members) {
      const own = options.nodeSize(node)
      if (!children.has(node.id)) {
        sizes.set(node.id, own)
        continue
      }
      const body = layoutLevel(node.id)
      const header = options.containerHeader?.(node) ?? 64
      const width = Math.max(own.width, body.width + 2 * padding)
      const inset = (width - body.width) / 2
      for (const child of children.get(node.id) ?? []) {
        const box = boxes.get(child.id) as LayoutBox
        boxes.set(child.id, { ...box, x: box.x + inset, y: box.y + header })
      }
      sizes.set(node.id, { width, height: Math.max(own.height, header + body.height + padding) })
    }
    const g = new Graph({ multigraph: true })
    g.setGraph({ rankdir: 'TB', nodesep: options.nodeSeparation ?? 40, ranksep: options.rankSeparation ?? 48, marginx: 0, marginy: 0 })
    g.setDefaultEdgeLabel(() => ({}))
    for (const node of members) g.setNode(node.id, { ...(sizes.get(node.id) as LayoutSize) })
    for (const edge of graph.edges) {
      const source = atLevel(edge.source, level)
      const target = atLevel(edge.target, level)
      if (source === undefined || target === undefined || source === target) continue
      // Edges into the end node are cheap to stretch, so an `end` step stays next to the branch
      // that leads to it instead of sinking to the bottom.
      const weight = byId.get(edge.target)?.kind === 'end' ? 1 : 4
      g.setEdge(source, target, edge.label === undefined ? { weight } : { ...LABEL_SIZE, labelpos: 'c', weight }, edge.id)
    }
    layout(g)
    let minX = Infinity
    let minY = Infinity
    let maxX = -Infinity
    let maxY = -Infinity
    for (const node of members) {
      const { x = 0, y = 0 } = g.node(node.id) as { x?: number; y?: number }
      const size = sizes.get(node.id) as LayoutSize
      const box = { x: x - size.width / 2, y: y - size.height / 2, ...size }
      boxes.set(node.id, box)
      minX = Math.min(minX, box.x)
      minY = Math.min(minY, box.y)
      maxX = Math.max(maxX, box.x + box.width)
      maxY = Math.max(maxY, box.y + box.height)
    }
    for (const node of members) {
      const box = boxes.get(node.id) as LayoutBox
      boxes.set(node.id, { ...box, x: box.x - minX, y: box.y - minY })
    }
    return { width: maxX - minX, height: maxY - minY }
  }

  layoutLevel(undefined)
  return boxes
}
