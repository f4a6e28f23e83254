/**
 * Turns the peer benchmark's collected samples into its outputs: statistics (median, min, max),
 * the printed table (ratios to the floor and to the best peer), the markdown for
 * docs/performance.md and the SVG chart.
 */
import type { Sizes, Workload } from './harness.js'

export interface System {
  id: string
  label: string
  /** Which best-peer comparison it takes part in. */
  group: 'floor' | 'stepwise-memory' | 'stepwise-durable' | 'stepwise-pg' | 'peer-memory' | 'peer-durable'
  script: string
  mode: string
}

/** What the runner collected for one (system, workload). */
export interface Cell {
  samples: Record<string, number[]>
  metas: unknown[]
  na?: string
  note?: string
  error?: string
  seconds: number
}
export type Collected = Partial<Record<Workload, Record<string, Cell>>>

export interface Metric {
  workload: Workload
  key: string
  label: (s: Sizes) => string
  better: 'lower' | 'higher'
}

const n = (value: number): string => value.toLocaleString('en-US')
export const METRICS: Metric[] = [
  { workload: 'W1', key: 'usPerStep', label: (s) => `W1 µs/step (${s.w1Steps} seq. steps ×${s.w1Runs})`, better: 'lower' },
  { workload: 'W1', key: 'engineUsPerStep', label: () => 'W1 engine-only µs/step (minus floor)', better: 'lower' },
  { workload: 'W2', key: 'usPerIteration', label: (s) => `W2 µs/iteration (loop of ${n(s.w2Items)})`, better: 'lower' },
  { workload: 'W3', key: 'runsPerSecond', label: (s) => `W3 runs/s (${s.w3Branches} branches ×${n(s.w3Runs)})`, better: 'higher' },
  { workload: 'W4', key: 'wallMs', label: (s) => `W4 wall ms (${n(s.w4Runs)} concurrent ${s.w4Steps}-step runs)`, better: 'lower' },
  { workload: 'W4', key: 'peakRssMb', label: () => 'W4 peak RSS MB', better: 'lower' },
  { workload: 'W5', key: 'kbPerParked', label: (s) => `W5 KB heap per parked run (${n(s.w5Parked)})`, better: 'lower' },
  { workload: 'W5', key: 'resumesPerSecond', label: () => 'W5 resumes/s (approve all)', better: 'higher' },
  { workload: 'W6', key: 'tokensPerSecond', label: (s) => `W6 tokens/s (${n(s.w6Tokens)}-token stream)`, better: 'higher' },
  { workload: 'W7', key: 'kbWrittenPerStep', label: (s) => `W7 KB written/step (${s.w7Steps} × ${s.w7Bytes / 1024} KB)`, better: 'lower' },
  { workload: 'W7', key: 'msPerStep', label: () => 'W7 ms/step (durable)', better: 'lower' },
]

export interface Stat {
  median: number
  min: number
  max: number
  n: number
}

export function stat(values: number[]): Stat | undefined {
  if (values.length === 0 || values.some((v) => !Number.isFinite(v))) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length }
}

/** Samples of one metric for one system (engine-only W1 figures are the samples minus the floor's median). */
export function samplesOf(collected: Collected, metric: Metric, systemId: string): number[] {
  if (metric.key === 'engineUsPerStep') {
    const floor = stat(collected.W1?.floor?.samples.usPerStep ?? [])
    const own = collected.W1?.[systemId]?.samples.usPerStep ?? []
    return floor === undefined ? [] : own.map((v) => v - floor.median)
  }
  return collected[metric.workload]?.[systemId]?.samples[metric.key] ?? []
}

export function fmt(value: number): string {
  const abs = Math.abs(value)
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : abs >= 0.1 ? 3 : 4
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
}
const times = (value: number): string => `${value >= 10 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1)}×`

/** How many times better `a` is than `b` for this metric (> 1: a is better). */
const advantage = (metric: Metric, a: number, b: number): number => (metric.better === 'lower' ? b / a : a / b)

export interface Table {
  header: string[]
  rows: string[][]
  ranges: string[][]
  footnotes: string[]
  /** Per metric: the comparisons, for the JSON and the final summary. */
  verdicts: Record<string, Record<string, { advantage: number; versus: string } | undefined>>
}

const COMPARISONS: { label: string; group: System['group']; against: System['group'] }[] = [
  { label: 'memory vs best in-memory peer', group: 'stepwise-memory', against: 'peer-memory' },
  { label: 'SQLite vs best durable peer', group: 'stepwise-durable', against: 'peer-durable' },
]

const DURABLE: System['group'][] = ['stepwise-durable', 'stepwise-pg', 'peer-durable']
const HEAP_ONLY = 'W5 KB in the durable columns: heap only (a parked run lives in the database), so not ranked'

export function buildTable(collected: Collected, systems: System[], sizes: Sizes): Table {
  const footnotes: string[] = []
  const mark = (text: string): string => {
    let index = footnotes.indexOf(text)
    if (index < 0) index = footnotes.push(text) - 1
    return `[${index + 1}]`
  }
  const header = ['workload (median, ×floor)', ...systems.map((s) => s.label), ...COMPARISONS.map((c) => `stepwise ${c.label}`)]
  const rows: string[][] = []
  const ranges: string[][] = []
  const verdicts: Table['verdicts'] = {}
  for (const metric of METRICS) {
    const floor = stat(samplesOf(collected, metric, 'floor'))
    const medians = new Map<string, number>()
    const row = [metric.label(sizes)]
    const range = [metric.label(sizes)]
    for (const system of systems) {
      const cell = collected[metric.workload]?.[system.id]
      const s = stat(samplesOf(collected, metric, system.id))
      if (cell === undefined || (metric.key === 'engineUsPerStep' && system.id === 'floor')) {
        row.push('–')
        range.push('–')
      } else if (cell.na !== undefined) {
        row.push(`n/a ${mark(`${system.label}, ${metric.workload}: ${cell.na}`)}`)
        range.push('n/a')
      } else if (cell.error !== undefined || s === undefined) {
        const why = cell.error ?? 'no samples'
        row.push(`${why.startsWith('timeout') ? 'timeout' : 'error'} ${mark(`${system.label}, ${metric.workload}: ${why}`)}`)
        range.push('–')
      } else {
        medians.set(system.id, s.median)
        const vsFloor = floor !== undefined && system.id !== 'floor' && metric.key !== 'engineUsPerStep' ? ` (${times(1 / advantage(metric, s.median, floor.median))})` : ''
        const heapOnly = metric.key === 'kbPerParked' && DURABLE.includes(system.group) ? ` ${mark(HEAP_ONLY)}` : ''
        const note = (cell.note !== undefined ? ` ${mark(`${system.label}, ${metric.workload}: ${cell.note}`)}` : '') + heapOnly
        row.push(`${fmt(s.median)}${vsFloor}${note}`)
        range.push(`${fmt(s.min)}–${fmt(s.max)} (n=${s.n})`)
      }
    }
    verdicts[metric.key] = {}
    for (const comparison of COMPARISONS) {
      const own = systems.find((s) => s.group === comparison.group && medians.has(s.id))
      const peers = systems.filter((s) => s.group === comparison.against && medians.has(s.id))
      if (own === undefined || peers.length === 0 || (metric.key === 'kbPerParked' && DURABLE.includes(comparison.group))) {
        row.push('–')
        verdicts[metric.key][comparison.label] = undefined
        continue
      }
      const ownValue = medians.get(own.id)!
      const best = peers.reduce((a, b) => (advantage(metric, medians.get(a.id)!, medians.get(b.id)!) >= 1 ? a : b))
      const adv = advantage(metric, ownValue, medians.get(best.id)!)
      verdicts[metric.key][comparison.label] = { advantage: adv, versus: best.label }
      row.push(adv >= 1 ? `${times(adv)} ahead of ${best.label}` : `behind ${best.label} (${times(1 / adv)})`)
    }
    rows.push(row)
    ranges.push(range)
  }
  return { header, rows, ranges, footnotes, verdicts }
}

/** A fixed-width text table (also valid markdown). */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((_, c) => Math.max(...[header, ...rows].map((r) => (r[c] ?? '').length)))
  const line = (cells: string[]): string => `| ${cells.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n')
}

const COLORS: Record<System['group'], string> = {
  floor: '#9e9e9e',
  'stepwise-memory': '#1565c0',
  'stepwise-durable': '#42a5f5',
  'stepwise-pg': '#90caf9',
  'peer-memory': '#ef6c00',
  'peer-durable': '#ffb74d',
}
const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** One panel per metric, one bar per system (log scale within the panel), value labels at the bar ends. */
export function svgChart(collected: Collected, systems: System[], sizes: Sizes, title: string): string {
  const panelWidth = 560
  const labelWidth = 150
  const barHeight = 13
  const panelHeight = 34 + systems.length * (barHeight + 3)
  const columns = 2
  const rowsCount = Math.ceil(METRICS.length / columns)
  const width = columns * panelWidth + 20
  const height = 40 + rowsCount * panelHeight
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="10" y="22" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
  ]
  METRICS.forEach((metric, index) => {
    const x0 = 10 + (index % columns) * panelWidth
    const y0 = 40 + Math.floor(index / columns) * panelHeight
    parts.push(`<text x="${x0}" y="${y0 + 14}" font-weight="bold">${escapeXml(metric.label(sizes))} — ${metric.better} is better (log scale)</text>`)
    const values = systems.map((s) => stat(samplesOf(collected, metric, s.id))?.median)
    const positive = values.filter((v): v is number => v !== undefined && v > 0)
    const lo = Math.log10(Math.min(...positive)) - 0.3
    const hi = Math.log10(Math.max(...positive))
    const span = Math.max(hi - lo, 1e-9)
    systems.forEach((system, i) => {
      const y = y0 + 24 + i * (barHeight + 3)
      parts.push(`<text x="${x0 + labelWidth - 6}" y="${y + 10}" text-anchor="end">${escapeXml(system.label)}</text>`)
      const value = values[i]
      if (value === undefined || value <= 0) {
        parts.push(`<text x="${x0 + labelWidth}" y="${y + 10}" fill="#777">n/a</text>`)
        return
      }
      const length = Math.max(2, ((Math.log10(value) - lo) / span) * (panelWidth - labelWidth - 90))
      parts.push(`<rect x="${x0 + labelWidth}" y="${y}" width="${length.toFixed(1)}" height="${barHeight}" fill="${COLORS[system.group]}"/>`)
      parts.push(`<text x="${(x0 + labelWidth + length + 4).toFixed(1)}" y="${y + 10}">${escapeXml(fmt(value))}</text>`)
    })
  })
  parts.push('</svg>')
  return `${parts.join('\n')}\n`
}
