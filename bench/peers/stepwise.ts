/**
 * stepwise in the peer benchmark, from the repository's source (run through tsx), in three modes:
 * `memory` (memoryStorage), `sqlite` (sqliteStorage on a fresh file: WAL, synchronous=NORMAL, the
 * adapter's defaults) and `pg` (postgresStorage on STEPWISE_PG_URL, a fresh schema per process).
 * Workflows are JSON documents, steps are `tool` steps calling one AI SDK tool (the trivial body).
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { jsonSchema, tool } from 'ai'
import pg from 'pg'
import { aiSdkAgent, createEngine, memoryStorage, type Engine, type StorageAdapterV1 } from '../../src/index.js'
import { sqliteStorage } from '../../src/sqlite.js'
import { postgresStorage } from '../../src/postgres.js'
import { bigOutput, runWorker, trivial, type Driver } from './harness.js'
import { mockModelV3 } from './mock-model.js'

const tools = {
  inc: tool({ inputSchema: jsonSchema<{ n: number }>({ type: 'object' }), execute: async ({ n }) => trivial(n) }),
  big: tool({ inputSchema: jsonSchema<{ i: number; bytes: number }>({ type: 'object' }), execute: async ({ i, bytes }) => bigOutput(bytes, await trivial(i)) }),
}

const toolStep = (id: string, n: number) => ({ id, type: 'tool', tool: 'inc', arguments: { n } })

async function completed(engine: Engine, workflowId: string): Promise<void> {
  const execution = await engine.run(workflowId)
  if (execution.status !== 'completed') throw new Error(`${workflowId}: ${execution.status} ${JSON.stringify(execution.error)}`)
}

async function driverFor(mode: string): Promise<Driver> {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-peers-'))
  let storage: StorageAdapterV1
  let closeStorage: () => Promise<void> = async () => undefined
  let bytesWritten: (() => Promise<number>) | undefined
  if (mode === 'memory') storage = memoryStorage()
  else if (mode === 'sqlite') {
    const sqlite = sqliteStorage({ path: join(dir, 'stepwise.db') })
    storage = sqlite
    closeStorage = async () => sqlite.close()
  } else if (mode === 'pg') {
    const url = process.env.STEPWISE_PG_URL
    if (url === undefined || url === '') throw new Error('STEPWISE_PG_URL is not set')
    const schema = `stepwise_peers_${randomBytes(4).toString('hex')}`
    const postgres = postgresStorage({ connectionString: url, schema, max: 10 })
    await postgres.migrate()
    storage = postgres
    const admin = new pg.Pool({ connectionString: url, max: 1 })
    // WAL bytes the server generated (the cluster's, so run on a quiet cluster).
    bytesWritten = async () => Number((await admin.query<{ b: string }>(`SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::text AS b`)).rows[0].b)
    closeStorage = async () => {
      await postgres.close()
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      await admin.end()
    }
  } else throw new Error(`unknown stepwise mode ${mode}`)

  const models = { default: mockModelV3(2_000) }
  const engine = createEngine({ storage, tools, models, agent: aiSdkAgent({ maxRetries: 0 }) })
  const save = async (workflow: { id: string } & Record<string, unknown>): Promise<string> => (await engine.workflows.save(workflow)).id

  const driver: Driver = {
    async chain(steps) {
      const id = await save({ id: `chain-${steps}`, limits: { maxSteps: steps + 10 }, steps: Array.from({ length: steps }, (_, i) => toolStep(`s${i}`, i)) })
      return () => completed(engine, id)
    },
    async loop(items) {
      const id = await save({
        id: `loop-${items}`,
        limits: { maxLoopIterations: items, maxSteps: items * 2 + 10 },
        steps: [{ id: 'l', type: 'loop', over: `[1..${items}]`, steps: [{ id: 'b', type: 'tool', tool: 'inc', arguments: { n: '{{ loop.item }}' } }] }],
      })
      return () => completed(engine, id)
    },
    async branches(count) {
      const id = await save({ id: `branches-${count}`, steps: [{ id: 'p', type: 'parallel', branches: Array.from({ length: count }, (_, i) => [toolStep(`b${i}`, i)]) }] })
      return () => completed(engine, id)
    },
    async park() {
      const id = await save({ id: 'park', steps: [{ id: 'gate', type: 'approval' }, toolStep('after', 1)] })
      return {
        async start() {
          const execution = await engine.run(id)
          if (execution.status !== 'waiting') throw new Error(`park: ${execution.status}`)
          return execution.id
        },
        async approve(handle) {
          await engine.executions.approve(handle as string, { approved: true, by: 'bench' })
          const done = await engine.executions.settled(handle as string)
          if (done.status !== 'completed') throw new Error(`approve: ${done.status}`)
        },
      }
    },
    async stream(tokens) {
      if (tokens !== 2_000) throw new Error('the model map is built for 2,000 tokens')
      const id = await save({ id: 'stream', steps: [{ id: 'reply', type: 'agent_prompt', prompt: 'Write.', thread: '@new' }] })
      return async () => {
        let text = ''
        const { id: executionId } = await engine.start(id)
        for await (const event of engine.events(executionId)) {
          if (event.type === 'agent.text.delta') text += event.delta
          else if (event.type === 'execution.failed') throw new Error(JSON.stringify(event.error))
        }
        return text
      }
    },
    bytesWritten,
    async close() {
      await engine.close()
      await closeStorage()
      rmSync(dir, { recursive: true, force: true })
    },
  }
  if (mode !== 'memory') {
    driver.durable = async (steps, bytes) => {
      const id = await save({
        id: `durable-${steps}`,
        limits: { maxSteps: steps + 10, maxStateBytes: 64 * 2 ** 20 },
        steps: Array.from({ length: steps }, (_, i) => ({ id: `s${i}`, type: 'tool', tool: 'big', arguments: { i, bytes } })),
      })
      return () => completed(engine, id)
    }
  }
  return driver
}

await runWorker(driverFor)
