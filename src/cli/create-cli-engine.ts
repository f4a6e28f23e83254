/**
 * @module
 * `createCliEngine`: the engine `stepwise run` and `stepwise dev` use: a model (OpenAI when
 * configured, else the scripted demo model), the demo tools plus the user's `--tools` module,
 * console notifiers, the local shell with `--shell`, and stand-ins for any other tool, model or
 * notifier name a workflow uses.
 */
import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Notifier, NotifyMessage } from '../adapters/notify/notifier.js'
import { localShell } from '../adapters/shell/local-shell.js'
import type { StorageAdapter } from '../adapters/storage/storage-adapter.js'
import { createEngine } from '../create-engine.js'
import type { Engine } from '../engine/engine-types.js'
import type { ToolMap } from '../engine/services.js'
import { StepwiseError } from '../errors/stepwise-error.js'
import type { CliIo } from './cli-io.js'
import { demoModel } from './demo-model.js'
import { demoTools, stubTool } from './demo-tools.js'
import { workflowReferences } from './workflow-references.js'

/** Options of {@link createCliEngine}. */
export interface CliEngineOptions {
  /** Environment (OPENAI_API_KEY, OPENAI_BASE_URL, STEPWISE_MODEL) and working directory. */
  io: Pick<CliIo, 'env' | 'cwd'>
  /** Storage of the engine. */
  storage: StorageAdapter
  /** OpenAI model id (`--model`). */
  model?: string
  /** Use the demo model even with OPENAI_API_KEY (`--demo`). */
  demo?: boolean
  /** Path of an ES module exporting tools (`--tools`). */
  toolsModule?: string
  /** Enable `bash` steps with `localShell()` (`--shell`). */
  shell?: boolean
  /** Receives every message of `notify` steps (all targets). */
  onNotify(message: NotifyMessage): void
}

/** The engine and what the CLI reports about its setup. */
export interface CliEngine {
  /** The engine. */
  engine: Engine
  /** Which model answers `agent_prompt` steps, for the header line. */
  modelLabel: string
  /** A hint about the model setup (e.g. a missing provider package), if any. */
  modelHint?: string
  /** Tool names from the `--tools` module. */
  userTools: string[]
  /**
   * Adds stand-ins for the tool, model and notifier names `document` uses that the engine does
   * not have (so it validates and runs); returns the stubbed tool names.
   */
  provide(document: unknown): string[]
}

interface ResolvedModel {
  model: unknown
  label: string
  hint?: string
}

const OPENAI_PACKAGE = '@ai-sdk/openai'

async function resolveModel(options: CliEngineOptions): Promise<ResolvedModel> {
  const demo = { model: demoModel(), label: 'demo (scripted, offline)' }
  const apiKey = options.io.env.OPENAI_API_KEY
  if (options.demo === true || apiKey === undefined || apiKey === '') return demo
  let provider: unknown
  try {
    provider = await import(OPENAI_PACKAGE)
  } catch {
    return { ...demo, hint: `OPENAI_API_KEY is set, but ${OPENAI_PACKAGE} is not installed (npm install ${OPENAI_PACKAGE}); using the scripted demo model.` }
  }
  const createOpenAI = (provider as { createOpenAI?: unknown }).createOpenAI
  if (typeof createOpenAI !== 'function') return { ...demo, hint: `${OPENAI_PACKAGE} has no createOpenAI(); using the scripted demo model.` }
  const baseURL = options.io.env.OPENAI_BASE_URL
  const openai = createOpenAI({ apiKey, ...(baseURL === undefined || baseURL === '' ? {} : { baseURL }) }) as { chat?: (id: string) => unknown } & ((id: string) => unknown)
  const id = options.model ?? options.io.env.STEPWISE_MODEL ?? 'gpt-4o-mini'
  return { model: typeof openai.chat === 'function' ? openai.chat(id) : openai(id), label: `${id} (OpenAI-compatible${baseURL ? ` at ${baseURL}` : ''})` }
}

async function loadToolsModule(path: string, cwd: string): Promise<ToolMap> {
  let loaded: Record<string, unknown>
  try {
    loaded = (await import(pathToFileURL(resolve(cwd, path)).href)) as Record<string, unknown>
  } catch (error) {
    throw new StepwiseError('CONFIGURATION_INVALID', `Cannot load the tools module ${path}: ${error instanceof Error ? error.message : String(error)}`)
  }
  const tools = loaded.default ?? loaded.tools
  const valid = typeof tools === 'object' && tools !== null && !Array.isArray(tools) && Object.values(tools).every((item) => typeof item === 'object' && item !== null)
  if (!valid) throw new StepwiseError('CONFIGURATION_INVALID', `The tools module ${path} must export an object of AI SDK tools (as default export or as \`tools\`).`)
  return tools as ToolMap
}

/** Opens SQLite storage at `path` (needs better-sqlite3), creating its folder. */
export async function openSqliteStorage(path: string): Promise<StorageAdapter> {
  let sqlite: typeof import('../sqlite.js')
  try {
    sqlite = await import('../sqlite.js')
  } catch (error) {
    throw new StepwiseError('CONFIGURATION_INVALID', `SQLite storage needs better-sqlite3 (npm install better-sqlite3): ${error instanceof Error ? error.message : String(error)}`)
  }
  mkdirSync(dirname(path), { recursive: true })
  return sqlite.sqliteStorage({ path })
}

/** Creates the CLI's engine (see the module description). */
export async function createCliEngine(options: CliEngineOptions): Promise<CliEngine> {
  const resolved = await resolveModel(options)
  const user = options.toolsModule === undefined ? {} : await loadToolsModule(options.toolsModule, options.io.cwd)
  // The engine keeps these objects and reads them at validation and call time, so `provide`
  // can add stand-ins for names that appear in workflow files loaded later (stepwise dev).
  const tools: ToolMap = { ...demoTools(), ...user }
  const models: Record<string, unknown> = { default: resolved.model }
  const notifier: Notifier = (message) => options.onNotify(message)
  const notifiers: Record<string, Notifier> = { default: notifier }
  const engine = createEngine({ storage: options.storage, tools, models, notifiers, ...(options.shell === true ? { shell: localShell() } : {}) })
  return {
    engine,
    modelLabel: resolved.label,
    ...(resolved.hint === undefined ? {} : { modelHint: resolved.hint }),
    userTools: Object.keys(user),
    provide(document) {
      const references = workflowReferences(document)
      for (const name of references.models) models[name] ??= resolved.model
      for (const name of references.notifiers) notifiers[name] ??= notifier
      const stubbed = references.tools.filter((name) => !Object.hasOwn(tools, name))
      for (const name of stubbed) tools[name] = stubTool(name)
      return stubbed
    },
  }
}
