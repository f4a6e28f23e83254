import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe } from 'vitest'
import { createEngine, type Engine } from '../../src/index.js'
import { sqliteStorage, type SqliteStorageAdapter } from '../../src/sqlite.js'
import type { TestClock } from '../../src/testing/index.js'
import { exactlyOnceCases } from './exactly-once-cases.js'

const root = mkdtempSync(join(tmpdir(), 'stepwise-triggers-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

let counter = 0
const opened: { engines: Engine[]; adapters: SqliteStorageAdapter[] } = { engines: [], adapters: [] }

/** Two engine instances, each with its own connection to one SQLite file. */
function twoInstances(clock: TestClock): [Engine, Engine] {
  const path = join(root, `db-${++counter}.sqlite`)
  const adapters = [sqliteStorage({ path }), sqliteStorage({ path })]
  const engines = adapters.map((storage, i) => createEngine({ storage, clock, instanceId: `instance-${i}` })) as [Engine, Engine]
  opened.adapters.push(...adapters)
  opened.engines.push(...engines)
  return engines
}

afterEach(async () => {
  for (const engine of opened.engines.splice(0)) await engine.close({ graceMs: 1000 })
  for (const adapter of opened.adapters.splice(0)) adapter.close()
})

describe('exactly-once triggers on SQLite (two engine instances, one file)', () => {
  exactlyOnceCases(twoInstances)
})
