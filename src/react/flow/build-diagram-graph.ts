/**
 * @module
 * Turns a workflow document into a plain graph (nodes and edges, no positions, no React):
 * start and end nodes, THEN/ELSE edges, parallel fan-out and join, loop bodies inside their
 * container. Tolerates half-edited documents (missing ids, unknown types).
 */
import type { StepDiagramMeta } from '../../steps/diagram-meta.js'
import type { StepBase } from '../../language/workflow-types.js'
import { asRecord, builtinDiagrams, derivedStepId, effectiveStepId, metaOf, stepBlocks, type BlockLayout, type DiagramRegistry } from './step-blocks.js'

/** Id of the start node. Step ids cannot contain `:`, so it never clashes with a step. */
export const START_NODE_ID = ':start'
/** Id of the end node. */
export const END_NODE_ID = ':end'

/** Kind of a diagram node. `container` holds a body (loop); `join` is where parallel branches meet. */
export type DiagramNodeKind = 'start' | 'end' | 'step' | 'container' | 'join'

/** A block of a container, as an edit target. */
export interface DiagramBlockInfo {
  /** Block name in the metadata (`then`, `else`, `steps`, `branches`). */
  name: string
  /** Human label (`THEN`, `body`, `branch`). */
  label: string
}

/** An enclosing container of a step, outermost first. */
export interface DiagramAncestor {
  /** The container's step id. */
  stepId: string
  /** How it draws its blocks. */
  layout: BlockLayout
}

/** What a step node shows and where the step is in the document. */
export interface DiagramStepInfo {
  /** Explicit or derived step id. */
  stepId: string
  /** Step type (`unknown` when missing). */
  type: string
  /** JSON Pointer of the step in the document, e.g. `/steps/1/then/0`. */
  pointer: string
  /** The step's `name`, if any. */
  name?: string
  /** Human label of the type, from the metadata. */
  typeLabel: string
  /** Icon id from the metadata. */
  icon: string
  /** Category from the metadata, `unknown` for unknown types. */
  category: StepDiagramMeta['category'] | 'unknown'
  /** One-line summary from the metadata. */
  summary: string
  /** The step's `if` condition, as text. */
  condition?: string
  /** How its blocks are drawn. */
  layout: BlockLayout
  /** Its block names, for "add child" actions (one entry for all parallel branches). */
  blocks: DiagramBlockInfo[]
  /** Enclosing containers, outermost first. */
  ancestors: DiagramAncestor[]
}

/** A node of the diagram graph. */
export interface DiagramNode {
  /** Unique node id: the step id, `:start`, `:end`, or `<stepId>:join`. */
  id: string
  /** Kind of node. */
  kind: DiagramNodeKind
  /** The container node it is drawn inside (loop bodies). */
  parentId?: string
  /** Step details (steps and containers). */
  step?: DiagramStepInfo
}

/** An edge of the diagram graph. */
export interface DiagramEdge {
  /** Unique edge id. */
  id: string
  /** Source node id. */
  source: string
  /** Target node id. */
  target: string
  /** `THEN`/`ELSE` on conditional edges. */
  label?: string
}

/** The graph of a workflow: nodes in document order (containers before their bodies). */
export interface DiagramGraph {
  /** Nodes. */
  nodes: DiagramNode[]
  /** Edges. */
  edges: DiagramEdge[]
}

/** Options of {@link buildDiagramGraph}. */
export interface BuildDiagramGraphOptions {
  /** Metadata of step types beyond the built-in ones (custom step types). */
  stepDiagrams?: DiagramRegistry
}

/** A dangling way out of a block, connected to whatever comes next. */
interface Exit {
  from: string
  label?: string
}

/** Human label of a block. */
function blockLabel(layout: BlockLayout, name: string): string {
  if (layout === 'alternatives') return name.toUpperCase()
  if (layout === 'branches') return 'branch'
  return name === 'steps' ? 'body' : name
}

/** Text of a step's `if`, when it has a real condition. */
function conditionText(value: unknown): string | undefined {
  if (value === undefined || value === true) return undefined
  return typeof value === 'string' ? value : JSON.stringify(value)
}

class GraphBuilder {
  readonly nodes: DiagramNode[] = []
  readonly edges: DiagramEdge[] = []
  readonly #nodeIds = new Set<string>([START_NODE_ID, END_NODE_ID])
  readonly #edgeIds = new Set<string>()

  constructor(readonly diagrams: DiagramRegistry) {}

  connect(exits: readonly Exit[], target: string): void {
    for (const exit of exits) {
      const base = `${exit.from}->${target}${exit.label === undefined ? '' : `:${exit.label}`}`
      let id = base
      for (let n = 2; this.#edgeIds.has(id); n += 1) id = `${base}#${n}`
      this.#edgeIds.add(id)
      this.edges.push({ id, source: exit.from, target, ...(exit.label === undefined ? {} : { label: exit.label }) })
    }
  }

  #nodeId(stepId: string, pointer: string): string {
    const id = this.#nodeIds.has(stepId) ? `${stepId}@${pointer}` : stepId
    this.#nodeIds.add(id)
    return id
  }

  block(steps: readonly unknown[], pointers: readonly string[], parent: { stepId?: string; key?: string; nodeId?: string }, ancestors: DiagramAncestor[], incoming: Exit[]): Exit[] {
    let exits = incoming
    steps.forEach((step, index) => {
      exits = this.step(step, pointers[index], effectiveStepId(step, derivedStepId(parent.stepId, parent.key, index)), parent.nodeId, ancestors, exits)
    })
    return exits
  }

  step(raw: unknown, pointer: string, stepId: string, parentNodeId: string | undefined, ancestors: DiagramAncestor[], incoming: Exit[]): Exit[] {
    const record = asRecord(raw) ?? {}
    const type = typeof record.type === 'string' ? record.type : 'unknown'
    const meta = metaOf(type, this.diagrams)
    const { layout, blocks } = stepBlocks(raw, meta)
    let summary = ''
    try {
      summary = meta?.summarize(record as unknown as StepBase) ?? ''
    } catch {
      summary = ''
    }
    const id = this.#nodeId(stepId, pointer)
    const condition = conditionText(record.if)
    const info: DiagramStepInfo = {
      stepId,
      type,
      pointer,
      ...(typeof record.name === 'string' && record.name !== '' ? { name: record.name } : {}),
      typeLabel: meta?.label ?? (type === 'unknown' ? 'Unknown step' : type),
      icon: meta?.icon ?? 'help',
      category: meta?.category ?? 'unknown',
      summary,
      ...(condition === undefined ? {} : { condition }),
      layout,
      blocks: (meta?.blocks ?? []).map((name) => ({ name, label: blockLabel(layout, name) })),
      ancestors,
    }
    this.nodes.push({ id, kind: layout === 'group' ? 'container' : 'step', ...(parentNodeId === undefined ? {} : { parentId: parentNodeId }), step: info })
    this.connect(incoming, id)
    const inner = [...ancestors, { stepId, layout }]
    const pointersOf = (block: (typeof blocks)[number]): string[] => block.steps.map((_, index) => pointer + (block.itemPointers?.[index] ?? `${block.pointer}/${index}`))
    if (type === 'end') {
      this.connect([{ from: id }], END_NODE_ID)
      return condition === undefined ? [] : [{ from: id }]
    }
    if (layout === 'group') {
      for (const block of blocks) this.block(block.steps, pointersOf(block), { stepId, key: block.key, nodeId: id }, inner, [])
      return [{ from: id }]
    }
    if (layout === 'alternatives') {
      return blocks.flatMap((block) => this.block(block.steps, pointersOf(block), { stepId, key: block.key, nodeId: parentNodeId }, inner, [{ from: id, label: block.name.toUpperCase() }]))
    }
    if (layout === 'branches') {
      const join = this.#nodeId(`${id}:join`, `${pointer}:join`)
      const exits = blocks.flatMap((block) => this.block(block.steps, pointersOf(block), { stepId, key: block.key, nodeId: parentNodeId }, inner, [{ from: id }]))
      this.nodes.push({ id: join, kind: 'join', ...(parentNodeId === undefined ? {} : { parentId: parentNodeId }) })
      this.connect(blocks.length === 0 ? [{ from: id }] : exits, join)
      return [{ from: join }]
    }
    return [{ from: id }]
  }
}

/**
 * Builds the diagram graph of a workflow document: a start node, one node per step (loop
 * bodies with `parentId` set to the loop's node), THEN/ELSE labelled edges out of
 * conditionals, a join node after each parallel step, and an end node that `end` steps and the
 * last steps lead to.
 */
export function buildDiagramGraph(workflow: { steps?: readonly unknown[] }, options: BuildDiagramGraphOptions = {}): DiagramGraph {
  const builder = new GraphBuilder(options.stepDiagrams === undefined ? builtinDiagrams : { ...builtinDiagrams, ...options.stepDiagrams })
  builder.nodes.push({ id: START_NODE_ID, kind: 'start' })
  const steps = Array.isArray(workflow.steps) ? workflow.steps : []
  const exits = builder.block(steps, steps.map((_, index) => `/steps/${index}`), {}, [], [{ from: START_NODE_ID }])
  builder.nodes.push({ id: END_NODE_ID, kind: 'end' })
  builder.connect(exits, END_NODE_ID)
  return { nodes: builder.nodes, edges: builder.edges }
}
