/**
 * @module
 * `startDevServer`: `stepwise dev` — an engine over a folder of workflow files (saved again on
 * every change) served over HTTP with `createHandler` under `/api`.
 */
import { watch, type FSWatcher } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { memoryStorage } from '../adapters/storage/memory/memory-storage.js'
import type { StorageAdapter } from '../adapters/storage/storage-adapter.js'
import type { Engine } from '../engine/engine-types.js'
import { StepwiseError } from '../errors/stepwise-error.js'
import { createHandler } from '../http/create-handler.js'
import { toNodeHandler, type NodeHandler } from '../http/to-node-handler.js'
import { createCliEngine, openSqliteStorage } from './create-cli-engine.js'
import { DevWorkflowFiles, type DevFileStatus } from './dev-workflow-files.js'

/** Options of {@link startDevServer}. */
export interface DevServerOptions {
  /** Folder of workflow files (`*.json`, not recursive). */
  dir: string
  /** Port (default 4321; 0 picks a free one). */
  port?: number
  /** Interface to listen on (default `127.0.0.1`: the API has no authentication). */
  host?: string
  /** `sqlite` (default): `<dir>/.stepwise/dev.db`; `memory`: nothing survives a restart. */
  storage?: 'sqlite' | 'memory'
  /** OpenAI model id when OPENAI_API_KEY is set. */
  model?: string
  /** Use the scripted demo model even when OPENAI_API_KEY is set. */
  demo?: boolean
  /** ES module exporting extra AI SDK tools. */
  toolsModule?: string
  /** Let `bash` steps run on this machine. */
  shell?: boolean
  /** Environment for the model selection (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>
  /** Receives every log line (default: `console.log`). */
  log?: (line: string) => void
  /** Serves every request outside `/api` (the studio UI). Default: a JSON status of the files. */
  ui?: NodeHandler
  /** Quiet time after a file change before it is saved again (default 100 ms). */
  debounceMs?: number
}

/** A running dev server. */
export interface DevServer {
  /** Base URL, e.g. `http://127.0.0.1:4321` (the API is under `/api`). */
  url: string
  /** The engine the API serves. */
  engine: Engine
  /** Where each workflow file stands. */
  files(): DevFileStatus[]
  /** Loads every file again (also done on each change). */
  reload(): Promise<void>
  /** Stops watching and serving, and closes the engine. */
  close(): Promise<void>
}

async function storageFor(options: DevServerOptions, dir: string, log: (line: string) => void): Promise<{ storage: StorageAdapter; label: string }> {
  if (options.storage === 'memory') return { storage: memoryStorage(), label: 'memory' }
  const path = join(dir, '.stepwise', 'dev.db')
  try {
    return { storage: await openSqliteStorage(path), label: path }
  } catch (error) {
    log(`${StepwiseError.from(error).message} Keeping everything in memory.`)
    return { storage: memoryStorage(), label: 'memory' }
  }
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((done, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      fail(new StepwiseError('CONFIGURATION_INVALID', error.code === 'EADDRINUSE' ? `Port ${port} is in use on ${host}; pass another with --port.` : `Cannot listen on ${host}:${port}: ${error.message}`))
    })
    server.listen(port, host, () => done(server.address() as AddressInfo))
  })
}

/**
 * Starts the dev server: loads and validates every workflow file in `dir` (printing issues),
 * saves the valid ones, watches the folder and saves changed files again, runs the engine's
 * worker (schedules, timers), and serves `createHandler` under `/api` (every request acts as
 * `user:dev` on the default tenant).
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const dir = resolve(options.dir)
  const log = options.log ?? ((line: string) => console.log(line))
  const { storage, label } = await storageFor(options, dir, log)
  const cli = await createCliEngine({
    io: { env: options.env ?? process.env, cwd: process.cwd() },
    storage,
    ...(options.model === undefined ? {} : { model: options.model }),
    ...(options.demo === undefined ? {} : { demo: options.demo }),
    ...(options.toolsModule === undefined ? {} : { toolsModule: options.toolsModule }),
    ...(options.shell === undefined ? {} : { shell: options.shell }),
    onNotify: (message) => log(`✉ ${message.target} (${message.workflowId}/${message.stepId}): ${message.content}`),
  })
  const { engine } = cli
  const files = new DevWorkflowFiles({ dir, engine, provide: (document) => cli.provide(document), log })
  let watcher: FSWatcher | undefined
  let server: Server | undefined
  const worker = engine.startWorker()
  try {
    log(`stepwise dev · ${dir} · storage: ${label} · model: ${cli.modelLabel}`)
    if (cli.modelHint !== undefined) log(`hint: ${cli.modelHint}`)
    await files.loadAll()
    watcher = watch(dir, (_event, name) => {
      if (typeof name === 'string') files.changed(name, options.debounceMs ?? 100)
    })
    const api = toNodeHandler(
      createHandler(engine, {
        basePath: '/api',
        authorize: () => ({ tenantId: engine.tenantId, actor: 'user:dev' }),
        onError: (error) => log(`API error: ${StepwiseError.from(error).message}`),
      }),
    )
    server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0]
      if (path === '/api' || path.startsWith('/api/')) return api(req, res)
      if (options.ui !== undefined) return options.ui(req, res)
      res.setHeader('content-type', 'application/json; charset=utf-8')
      res.end(JSON.stringify({ stepwise: 'dev', dir, storage: label, api: '/api', studio: 'not mounted', files: files.statuses() }, null, 2))
    })
    const address = await listen(server, options.port ?? 4321, options.host ?? '127.0.0.1')
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
    const url = `http://${host}:${address.port}`
    log(`API on ${url}/api · watching ${dir} for *.json changes`)
    const opened = server
    return {
      url,
      engine,
      files: () => files.statuses(),
      reload: () => files.loadAll(),
      close: async () => {
        watcher?.close()
        files.stop()
        opened.closeAllConnections()
        await new Promise<void>((done) => opened.close(() => done()))
        await worker.stop()
        await engine.close()
      },
    }
  } catch (error) {
    watcher?.close()
    files.stop()
    server?.close()
    await worker.stop()
    await engine.close()
    throw error
  }
}
