/**
 * `npm run test:faults` runs the fault suite and the model-based test (short form, as in CI);
 * `npm run test:faults -- --long` runs the long form (STEPWISE_FAULTS_LONG=1: ≥ 1,000 injected
 * faults, one file at a time). Extra arguments go to vitest. Prints a table of every scenario's
 * figures (fault-config.ts `reportFaults`) and the totals; exits with vitest's status.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FaultReport } from './fault-config.js'

const args = process.argv.slice(2)
const long = args.includes('--long')
const passThrough = args.filter((arg) => arg !== '--long')
const reportFile = join(tmpdir(), `stepwise-faults-${process.pid}.jsonl`)
const started = Date.now()
const result = spawnSync('npx', ['vitest', 'run', 'test/faults', 'test/model', ...(long ? ['--fileParallelism=false'] : []), ...passThrough], {
  stdio: 'inherit',
  env: { ...process.env, STEPWISE_FAULTS_LONG: long ? '1' : '', STEPWISE_FAULTS_REPORT: reportFile },
})

const reports: FaultReport[] = existsSync(reportFile)
  ? readFileSync(reportFile, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as FaultReport)
  : []
rmSync(reportFile, { force: true })
const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0)
const rows = reports.map((r) => ({
  scenario: r.scenario,
  faults: Object.entries(r.faults)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', '),
  executions: r.executions,
  lost: r.lost,
  'double commits': r.doubleCommits,
  'max orphan pickup (ms)': r.maxOrphanPickupMs ?? '',
}))
console.log(`\nFault suite (${long ? 'long' : 'short'} form), ${Math.round((Date.now() - started) / 1000)} s`)
console.table(rows)
const process_ = ['kill', 'crash-after-effect', 'pause', 'pg-restart', 'crash', 'failBefore', 'lostAck', 'claimLostAck']
const faults = (kinds: (kind: string) => boolean): number => sum(reports.map((r) => sum(Object.entries(r.faults).filter(([kind]) => kinds(kind)).map(([, n]) => n))))
console.log(
  `process and storage faults: ${faults((k) => process_.includes(k))}; concurrency faults (duplicates, races, competing ticks): ${faults((k) => !process_.includes(k))}; ` +
    `executions: ${sum(reports.map((r) => r.executions))}; lost: ${sum(reports.map((r) => r.lost))}; double commits: ${sum(reports.map((r) => r.doubleCommits))}; ` +
    `max orphan pickup: ${Math.max(0, ...reports.map((r) => r.maxOrphanPickupMs ?? 0))} ms`,
)
process.exit(result.status ?? 1)
