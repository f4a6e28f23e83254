/**
 * @module
 * Runtime status of each diagram node from an execution's step records, for the iteration of
 * each loop the user picked (default: the latest iteration that has records).
 */
import type { StepRecord, StepStatus } from '../../engine/records.js'
import type { DiagramGraph } from './build-diagram-graph.js'

/** Status of one step node as shown. */
export interface NodeRuntimeStatus {
  /** The status shown. */
  status: StepStatus
  /** Attempt of the shown record (0 when the step has no record). */
  attempt: number
  /** The record shown (latest attempt of the matching instance), if any. */
  record?: StepRecord
}

/** One iteration of a loop, for the picker. */
export interface IterationOption {
  /** 0-based iteration index (the `n` of `<loopId>:i<n>`). */
  index: number
  /** Combined status of the iteration's step instances. */
  status: StepStatus
}

/** Iterations of one loop container and the one shown. */
export interface NodeIterations {
  /** Iterations with records, by index. */
  options: IterationOption[]
  /** The iteration shown, when there is any. */
  selected?: number
}

/** Runtime view of a diagram: statuses and loop iterations by node id. */
export interface RuntimeView {
  /** Status per step or container node. */
  statuses: Map<string, NodeRuntimeStatus>
  /** Iterations per container node that has any. */
  iterations: Map<string, NodeIterations>
}

const TERMINAL = new Set<StepStatus>(['completed', 'failed', 'skipped', 'cancelled'])

/** Status of a set of step instances: failed > running > waiting > cancelled > pending > completed; skipped only when all are. */
export function combineStatuses(statuses: readonly StepStatus[]): StepStatus {
  for (const status of ['failed', 'running', 'waiting', 'cancelled', 'pending'] as const) if (statuses.includes(status)) return status
  if (statuses.length > 0 && statuses.every((status) => status === 'skipped')) return 'skipped'
  return 'completed'
}

/** The latest attempt of each `(stepId, iterationPath)`. */
function latestAttempts(records: readonly StepRecord[]): StepRecord[] {
  const latest = new Map<string, StepRecord>()
  for (const record of records) {
    const key = `${record.stepId}\u0000${record.iterationPath}`
    const seen = latest.get(key)
    if (seen === undefined || record.attempt >= seen.attempt) latest.set(key, record)
  }
  return [...latest.values()]
}

/**
 * Computes what a runtime diagram shows. `selection` maps a loop's step id to the iteration
 * the user picked; a missing or unknown choice shows the latest iteration with records. A step
 * with no record is `pending`, or `skipped` when its enclosing container has finished without
 * running it (the branch not taken).
 */
export function computeRuntimeView(graph: DiagramGraph, records: readonly StepRecord[], selection: Readonly<Record<string, number>> = {}): RuntimeView {
  const latest = latestAttempts(records)
  const segmentsOf = new Map(latest.map((record) => [record, record.iterationPath === '' ? [] : record.iterationPath.split('/')]))
  const chosen = new Map<string, number | undefined>()
  const statuses = new Map<string, NodeRuntimeStatus>()
  const statusByStep = new Map<string, StepStatus>()
  const iterations = new Map<string, NodeIterations>()

  for (const node of graph.nodes) {
    const info = node.step
    if (info === undefined) continue
    const required: string[] = []
    let reachable = true
    for (const ancestor of info.ancestors) {
      if (!chosen.has(ancestor.stepId)) continue
      const n = chosen.get(ancestor.stepId)
      if (n === undefined) reachable = false
      else required.push(`${ancestor.stepId}:i${n}`)
    }
    const inScope = (record: StepRecord): boolean => required.every((segment) => (segmentsOf.get(record) as string[]).includes(segment))
    const own = reachable ? latest.filter((record) => record.stepId === info.stepId && inScope(record)) : []
    const record = own.reduce<StepRecord | undefined>((best, next) => (best === undefined || next.attempt >= best.attempt ? next : best), undefined)
    let status: StepStatus = record?.status ?? 'pending'
    if (record === undefined) {
      const parent = info.ancestors[info.ancestors.length - 1]
      const parentStatus = parent === undefined ? undefined : statusByStep.get(parent.stepId)
      if (parentStatus !== undefined && TERMINAL.has(parentStatus)) status = 'skipped'
    }
    statusByStep.set(info.stepId, status)
    statuses.set(node.id, { status, attempt: record?.attempt ?? 0, ...(record === undefined ? {} : { record }) })

    if (node.kind !== 'container') continue
    const pattern = new RegExp(`^${info.stepId.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}:i(\\d+)$`)
    const byIteration = new Map<number, StepStatus[]>()
    if (reachable) {
      for (const candidate of latest) {
        if (!inScope(candidate)) continue
        for (const segment of segmentsOf.get(candidate) as string[]) {
          const match = pattern.exec(segment)
          if (match !== null) byIteration.set(Number(match[1]), [...(byIteration.get(Number(match[1])) ?? []), candidate.status])
        }
      }
    }
    const options = [...byIteration.entries()].sort(([a], [b]) => a - b).map(([index, list]) => ({ index, status: combineStatuses(list) }))
    const wanted = selection[info.stepId]
    const selected = options.some((option) => option.index === wanted) ? wanted : options[options.length - 1]?.index
    if (info.type === 'loop' || options.length > 0) chosen.set(info.stepId, selected)
    if (options.length > 0) iterations.set(node.id, { options, ...(selected === undefined ? {} : { selected }) })
  }
  return { statuses, iterations }
}
