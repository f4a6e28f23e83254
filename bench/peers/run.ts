/**
 * Peer benchmark runner: `npm run bench:peers` (installs bench/peers first), or
 * `node --import tsx bench/peers/run.ts [--quick] [--systems=a,b] [--workloads=W1,W2] [--reps=N] [--docs]`.
 *
 * Every (system, workload) runs in a fresh process (the worker scripts beside this file); W1–W3, W5
 * and W7 repeat their measurement in rounds inside that process after a warm-up; W4 (peak RSS, a
 * whole-process figure) and W6 start one process per repetition, the systems taking turns. Prints the table, writes
 * bench/results/peers-<date>[-quick][-partial].json; a full run (no --quick, --systems or --workloads) also
 * writes latest.json and renders the table into docs/performance.md and the chart into
 * docs/performance-peers.svg (`--docs` forces that for any run).
 * stepwise's PostgreSQL column needs STEPWISE_PG_URL (`eval "$(scripts/pg-test-cluster.sh start)"`).
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execFileSync } from 'node:child_process'
import { SIZES, WORKLOADS, type WorkerResult, type Workload } from './harness.js'
import { buildTable, svgChart, textTable, type Cell, type Collected, type System } from './report.js'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..')
const args = process.argv.slice(2)
const option = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
const quick = args.includes('--quick')
const sizes = quick ? SIZES.quick : SIZES.full
const reps = Number(option('reps') ?? (quick ? 2 : 5))
const timeoutMs = Number(option('timeout') ?? (quick ? 120 : 300)) * 1000

const SYSTEMS: System[] = [
  { id: 'floor', label: 'floor', group: 'floor', script: 'floor.ts', mode: '-' },
  { id: 'stepwise', label: 'stepwise memory', group: 'stepwise-memory', script: 'stepwise.ts', mode: 'memory' },
  { id: 'stepwise-sqlite', label: 'stepwise SQLite', group: 'stepwise-durable', script: 'stepwise.ts', mode: 'sqlite' },
  { id: 'stepwise-pg', label: 'stepwise PostgreSQL', group: 'stepwise-pg', script: 'stepwise.ts', mode: 'pg' },
  { id: 'mastra', label: 'Mastra', group: 'peer-memory', script: 'third-party/mastra.ts', mode: 'memory' },
  { id: 'mastra-libsql', label: 'Mastra + LibSQL', group: 'peer-durable', script: 'third-party/mastra.ts', mode: 'libsql' },
  { id: 'langgraph', label: 'LangGraph', group: 'peer-memory', script: 'third-party/langgraph.ts', mode: 'memory' },
  { id: 'langgraph-sqlite', label: 'LangGraph + SQLite', group: 'peer-durable', script: 'third-party/langgraph.ts', mode: 'sqlite' },
]
// The PostgreSQL column is shown, not ranked: the peers run on embedded SQLite stores.
const onlySystems = option('systems')?.split(',')
const systems = SYSTEMS.filter((s) => onlySystems === undefined || onlySystems.includes(s.id))
const workloads = (option('workloads')?.split(',') ?? [...WORKLOADS]) as Workload[]
// Only a full run (every system, every workload, full sizes) replaces latest.json and the docs.
const partial = onlySystems !== undefined || option('workloads') !== undefined
const pgUrl = process.env.STEPWISE_PG_URL

if (!existsSync(join(here, 'node_modules', '@mastra', 'core')) || !existsSync(join(here, 'node_modules', '@langchain', 'langgraph'))) {
  console.error('The peers are not installed: run `npm run bench:peers` (it runs npm install in bench/peers first).')
  process.exit(1)
}
if (existsSync(join(here, 'node_modules', 'ai'))) {
  console.error('bench/peers/node_modules/ai exists: the floor, stepwise and LangGraph must use the repository\'s AI SDK 6. Remove it.')
  process.exit(1)
}

function version(pkg: string): string {
  return (JSON.parse(readFileSync(join(here, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version
}

function runWorker(system: System, workload: Workload): Promise<Cell> {
  const started = performance.now()
  const script = join(here, system.script)
  const flags = [...(quick ? ['--quick'] : []), ...(workload === 'W6' ? ['--one-round'] : [])]
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script, system.mode, workload, ...flags], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)))
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    child.kill('SIGKILL')
  }, timeoutMs)
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer)
      const seconds = (performance.now() - started) / 1000
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '))
      if (line === undefined) {
        const why = timedOut ? `timeout (> ${timeoutMs / 1000} s per process)` : `exit ${code}: ${stderr.trim().split('\n').filter((l) => /Error/.test(l))[0] ?? stderr.trim().slice(-300)}`
        resolve({ samples: {}, metas: [], error: why, seconds })
        return
      }
      const result = JSON.parse(line.slice('RESULT '.length)) as WorkerResult
      resolve({ samples: result.samples, metas: [result.meta], ...(result.na === undefined ? {} : { na: result.na }), ...(result.note === undefined ? {} : { note: result.note }), seconds })
    })
  })
}

function merge(into: Cell | undefined, cell: Cell): Cell {
  if (into === undefined) return cell
  const samples = { ...into.samples }
  for (const [key, values] of Object.entries(cell.samples)) samples[key] = [...(samples[key] ?? []), ...values]
  return { ...into, ...cell, samples, metas: [...into.metas, ...cell.metas], seconds: into.seconds + cell.seconds, ...(into.error ?? cell.error ? { error: into.error ?? cell.error } : {}) }
}

const jobs: { system: System; workload: Workload }[] = []
// W4 (peak RSS of the process) and W6 (short, and sensitive to a shared machine's load drifting)
// start one process per repetition, the systems taking turns, so drift spreads over all of them.
const perRepetition = new Set<Workload>(['W4', 'W6'])
for (const workload of workloads.filter((w) => !perRepetition.has(w))) for (const system of systems) jobs.push({ system, workload })
for (let rep = 0; rep < reps; rep++) {
  for (const workload of workloads.filter((w) => perRepetition.has(w))) for (const system of systems) jobs.push({ system, workload })
}

const startedAt = new Date()
const loadBefore = loadavg()
const collected: Collected = {}
for (const [index, { system, workload }] of jobs.entries()) {
  const byWorkload = (collected[workload] ??= {})
  let cell: Cell
  if (system.mode === 'pg' && (pgUrl === undefined || pgUrl === '')) cell = { samples: {}, metas: [], na: 'STEPWISE_PG_URL not set', seconds: 0 }
  else if (workload === 'W7' && system.mode === 'memory') cell = { samples: {}, metas: [], na: 'in memory: nothing is written', seconds: 0 }
  else if (byWorkload[system.id]?.na !== undefined) continue
  else cell = await runWorker(system, workload)
  byWorkload[system.id] = merge(byWorkload[system.id], cell)
  process.stderr.write(`[${index + 1}/${jobs.length}] ${workload} ${system.id}: ${cell.na !== undefined ? `n/a (${cell.na})` : cell.error ?? 'ok'} in ${cell.seconds.toFixed(1)} s\n`)
}
const durationSeconds = (Date.now() - startedAt.getTime()) / 1000

/** Where a time budget cut a workload short of the issue's size, say so (the figures are per step, run or item). */
function budgetNote(workload: Workload, metas: unknown[]): string | undefined {
  const m = metas as Record<string, number | number[]>[]
  const of = (values: number[], full: number, unit: string): string | undefined =>
    values.length > 0 && Math.min(...values) < full ? `time budget: ${Math.min(...values)}–${Math.max(...values)} of ${full.toLocaleString('en-US')} ${unit}` : undefined
  if (workload === 'W1') return of(m.flatMap((x) => x.runsPerRound as number[]), sizes.w1Runs, 'runs per round')
  if (workload === 'W3') return of(m.flatMap((x) => x.runsPerRound as number[]), sizes.w3Runs, 'runs per round')
  if (workload === 'W5') return of(m.flatMap((x) => x.parkedPerRound as number[]), sizes.w5Parked, 'runs parked per round')
  if (workload === 'W2' || workload === 'W7') return of(m.map((x) => x.rounds as number), sizes.rounds, 'rounds')
  return undefined
}
for (const [workload, cells] of Object.entries(collected) as [Workload, Record<string, Cell>][]) {
  for (const cell of Object.values(cells)) {
    const note = budgetNote(workload, cell.metas.filter((x) => x !== undefined))
    if (note !== undefined) cell.note = cell.note === undefined ? note : `${cell.note}; ${note}`
  }
}

const table = buildTable(collected, systems, sizes)
const versions = {
  node: process.version,
  stepwise: `${execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim()}${execFileSync('git', ['status', '--porcelain', 'src'], { cwd: root }).toString().trim() === '' ? '' : ' + uncommitted src changes'}`,
  '@mastra/core': version('@mastra/core'),
  '@mastra/libsql': version('@mastra/libsql'),
  '@langchain/langgraph': version('@langchain/langgraph'),
  '@langchain/langgraph-checkpoint-sqlite': version('@langchain/langgraph-checkpoint-sqlite'),
  '@langchain/core': version('@langchain/core'),
}
const machine = `Node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} cores; load average ${loadBefore[0].toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end`
const footnotes = table.footnotes.map((text, i) => `[${i + 1}] ${text}`)
const printed = [
  textTable(table.header, table.rows),
  '',
  'min–max over the samples (rounds or processes):',
  textTable(table.header.slice(0, systems.length + 1), table.ranges),
  '',
  ...footnotes,
  '',
  `${quick ? 'QUICK run (smaller sizes, fewer rounds). ' : ''}${machine}. Took ${Math.round(durationSeconds)} s.`,
  `Versions: ${Object.entries(versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
].join('\n')
console.log(`\n${printed}`)

const day = startedAt.toISOString().slice(0, 10)
const resultsDir = join(root, 'bench', 'results')
mkdirSync(resultsDir, { recursive: true })
const json = { kind: 'peers', quick, startedAt: startedAt.toISOString(), durationSeconds, machine, versions, sizes, reps, systems, collected, verdicts: table.verdicts, table: printed }
writeFileSync(join(resultsDir, `peers-${day}${quick ? '-quick' : ''}${partial ? '-partial' : ''}.json`), `${JSON.stringify(json, null, 2)}\n`)
if (!quick && !partial) writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`)

if ((!quick && !partial) || args.includes('--docs')) {
  const svgPath = join(root, 'docs', 'performance-peers.svg')
  writeFileSync(svgPath, svgChart(collected, systems, sizes, `stepwise and peers, ${day} (${quick ? 'quick run' : 'medians'}; ${machine})`))
  const docPath = join(root, 'docs', 'performance.md')
  const doc = readFileSync(docPath, 'utf8')
  const begin = '<!-- peers:begin (generated by npm run bench:peers) -->'
  const end = '<!-- peers:end -->'
  const section = [begin, '', `Run of ${day}${quick ? ' (quick)' : ''}: ${machine}; ${Math.round(durationSeconds / 60)} min.`, '', '```text', printed, '```', '', '![Peer benchmark chart](performance-peers.svg)', '', end].join('\n')
  const from = doc.indexOf(begin)
  const to = doc.indexOf(end)
  if (from < 0 || to < 0) throw new Error(`${docPath} lacks the ${begin} … ${end} markers`)
  writeFileSync(docPath, doc.slice(0, from) + section + doc.slice(to + end.length))
  console.log(`\nWrote ${svgPath} and the table in ${docPath}.`)
}
