/**
 * stepwise engine benchmark (in-memory). Run with `npm run bench`.
 *
 * (a) 100 sequential `tool` steps calling a trivial JS tool, run 200 times → µs per step
 * (b) one loop over 10,000 items (and over 100, for flatness) → µs per iteration
 * (c) 10,000 executions parked at an approval, then all approved → bytes of heap per parked
 *     execution and resumes/s
 * Each beside the floor: plain async functions doing the same work.
 */
import { jsonSchema, tool } from 'ai'
import { createEngine, memoryStorage, type Engine } from '../src/index.js'

const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) {
  console.error('Run with --expose-gc (npm run bench does).')
  process.exit(1)
}

let sink = 0
const trivial = async (input: { n: number }): Promise<number> => {
  sink += input.n
  return input.n + 1
}
const tools = { inc: tool({ inputSchema: jsonSchema<{ n: number }>({ type: 'object' }), execute: trivial }) }

function engineFor(): Engine {
  return createEngine({ storage: memoryStorage(), tools })
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

async function sequential(): Promise<{ engine: number; floor: number }> {
  const steps = Array.from({ length: 100 }, (_, i) => ({ id: `s${i}`, type: 'tool', tool: 'inc', arguments: { n: i } }))
  const workflow = { id: 'seq', steps }
  const engine = engineFor()
  await engine.workflows.save(workflow)
  for (let i = 0; i < 20; i++) await engine.run('seq') // warm-up
  const samples: number[] = []
  for (let round = 0; round < 5; round++) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < 40; i++) await engine.run('seq')
    samples.push(Number(process.hrtime.bigint() - start) / 1e3 / (40 * 100))
  }
  const floorSamples: number[] = []
  for (let round = 0; round < 5; round++) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < 200; i++) for (let s = 0; s < 100; s++) await trivial({ n: s })
    floorSamples.push(Number(process.hrtime.bigint() - start) / 1e3 / (200 * 100))
  }
  return { engine: median(samples), floor: median(floorSamples) }
}

async function loop(items: number, repeats: number): Promise<number> {
  const engine = engineFor()
  const workflow = { id: `loop${items}`, limits: { maxLoopIterations: items, maxSteps: items * 2 + 10 }, steps: [{ id: 'l', type: 'loop', over: `[1..${items}]`, steps: [{ id: 'b', type: 'tool', tool: 'inc', arguments: { n: 1 } }] }] }
  await engine.workflows.save(workflow)
  await engine.run(workflow.id)
  const samples: number[] = []
  for (let i = 0; i < repeats; i++) {
    const start = process.hrtime.bigint()
    const done = await engine.run(workflow.id)
    samples.push(Number(process.hrtime.bigint() - start) / 1e3 / items)
    if (done.status !== 'completed') throw new Error(`loop failed: ${JSON.stringify(done.error)}`)
  }
  return median(samples)
}

async function loopFloor(items: number): Promise<number> {
  const start = process.hrtime.bigint()
  const results = new Array(items)
  for (let i = 0; i < items; i++) results[i] = await trivial({ n: 1 })
  return Number(process.hrtime.bigint() - start) / 1e3 / items
}

function heapUsed(): number {
  gc?.()
  gc?.()
  return process.memoryUsage().heapUsed
}

async function parked(count: number): Promise<{ bytes: number; resumesPerSec: number; floorBytes: number; floorResumes: number }> {
  const engine = engineFor()
  const workflow = { id: 'park', steps: [{ id: 'gate', type: 'approval' }, { id: 'after', type: 'tool', tool: 'inc', arguments: { n: 1 } }] }
  await engine.workflows.save(workflow)
  await engine.run('park')
  const before = heapUsed()
  const ids: string[] = []
  for (let i = 0; i < count; i++) ids.push((await engine.run('park')).id)
  const after = heapUsed()
  const bytes = (after - before) / count
  const start = process.hrtime.bigint()
  await Promise.all(ids.map((id) => engine.executions.approve(id, { approved: true, by: 'bench' })))
  await Promise.all(ids.map((id) => engine.executions.settled(id)))
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  const completed = (await engine.executions.list({ status: 'completed', limit: 500 })).length
  if (completed === 0) throw new Error('no execution completed after approval')

  // Floor: one pending promise + resolver + small record per parked run, resolved in bulk.
  const floorBefore = heapUsed()
  const waiting: { id: string; resolve: (v: boolean) => void; done: Promise<boolean> }[] = []
  for (let i = 0; i < count; i++) {
    let resolve: (v: boolean) => void = () => undefined
    const done = new Promise<boolean>((r) => (resolve = r))
    waiting.push({ id: String(i), resolve, done })
  }
  const floorAfter = heapUsed()
  const floorStart = process.hrtime.bigint()
  for (const w of waiting) w.resolve(true)
  await Promise.all(waiting.map((w) => w.done))
  const floorSeconds = Number(process.hrtime.bigint() - floorStart) / 1e9
  return { bytes, resumesPerSec: count / seconds, floorBytes: (floorAfter - floorBefore) / count, floorResumes: count / floorSeconds }
}

const fmt = (n: number, digits = 2): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })

async function main(): Promise<void> {
  const seq = await sequential()
  const loop100 = await loop(100, 30)
  const loop10k = await loop(10_000, 5)
  const floor10k = await loopFloor(10_000)
  const park = await parked(10_000)
  const rows: string[][] = [
    ['workload', 'stepwise', 'floor (plain async)', 'ratio to floor', 'target / peers'],
    ['(a) µs per step, 100 sequential tool steps ×200', fmt(seq.engine), fmt(seq.floor, 3), `${fmt(seq.engine / seq.floor, 0)}×`, '≤ 10 µs; xstate ≈ 70, Mastra ≈ 140–240, LangGraph.js ≈ 1,000'],
    ['(b) µs per iteration, loop of 10,000', fmt(loop10k), fmt(floor10k, 3), `${fmt(loop10k / floor10k, 0)}×`, '≤ 10 µs per step'],
    ['(b) µs per iteration, loop of 100', fmt(loop100), '', '', ''],
    ['(b) flatness: cost at 10,000 / cost at 100', `${fmt(loop10k / loop100)}×`, '', '', '≤ 1.5×'],
    ['(c) bytes of heap per parked execution', fmt(park.bytes, 0), fmt(park.floorBytes, 0), `${fmt(park.bytes / park.floorBytes, 1)}×`, '≤ 2,048; Mastra 3–6 KB, LangGraph.js ≈ 9 KB, xstate 0.7–3.9 KB'],
    ['(c) resumes per second (approve → completed)', fmt(park.resumesPerSec, 0), fmt(park.floorResumes, 0), `${fmt(park.floorResumes / park.resumesPerSec, 0)}× slower`, ''],
  ]
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)))
  for (const [i, row] of rows.entries()) {
    console.log(`| ${row.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`)
    if (i === 0) console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`)
  }
  console.log(`\nNode ${process.version}, ${process.platform}/${process.arch}. Peer figures are the issue's published measurements on this kind of machine, not re-run here (see bench:peers).`)
  void sink
}

void main()
