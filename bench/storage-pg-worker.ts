/**
 * Benchmark worker process for bench/storage.ts (PostgreSQL): an engine with a trivial `inc`
 * tool and `startWorker()`, until SIGTERM. Args: `<url> <schema> <instanceId> <concurrency>`.
 */
import { jsonSchema, tool } from 'ai'
import { createEngine } from '../src/index.js'
import { postgresStorage } from '../src/postgres.js'

const [url, schema, instanceId, concurrency] = process.argv.slice(2)
const storage = postgresStorage({ connectionString: url, schema, max: Number(concurrency) + 2 })
const inc = tool({ inputSchema: jsonSchema<{ n: number }>({ type: 'object' }), execute: async ({ n }) => n + 1 })
const engine = createEngine({ storage, tools: { inc }, instanceId, concurrency: Number(concurrency), leaseMs: 10_000 })
await storage.migrate()
const worker = engine.startWorker({ pollMs: 250 })
const keepAlive = setInterval(() => undefined, 60_000)
process.stdout.write('ready\n')
process.on('SIGTERM', () => {
  void (async () => {
    await worker.stop()
    await engine.close({ graceMs: 1_000 })
    await storage.close()
    clearInterval(keepAlive)
    process.exit(0)
  })()
})
