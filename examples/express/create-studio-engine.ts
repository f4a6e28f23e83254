/**
 * @module
 * The studio's engine: SQLite storage in one file, the demo tools of the sample workflows,
 * notifiers that print to the console, and the samples of `examples/workflows/` saved at the
 * first start with the triggers they list under `metadata.triggers` (webhooks get a secret).
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createEngine, StepwiseError, type Engine, type TriggerInput, type TriggerRecord } from '../../src/index.js'
import { sqliteStorage } from '../../src/sqlite.js'
import { demoTools } from '../../src/cli/demo-tools.js'
import type { StudioModel } from './studio-model.js'

/** Options of {@link createStudioEngine}. */
export interface StudioEngineOptions {
  /** The SQLite file (created with its folder). */
  dbPath: string
  /** Folder of the sample workflow files. */
  samplesDir: string
  /** The model of `agent_prompt` steps. */
  model: StudioModel
  /** Secret of the samples' webhook triggers (sign requests with it). */
  webhookSecret: string
  /** Log lines (notifications, sample loading). */
  log(line: string): void
}

/** The engine and what was set up. */
export interface StudioEngine {
  engine: Engine
  /** The triggers of the samples. */
  triggers: TriggerRecord[]
  /** Closes the engine, then the database. */
  close(): Promise<void>
}

function triggersOf(document: unknown): TriggerInput[] {
  const metadata = (document as { metadata?: { triggers?: unknown } }).metadata
  return Array.isArray(metadata?.triggers) ? (metadata.triggers as TriggerInput[]) : []
}

function withSecret(trigger: TriggerInput, secret: string): TriggerInput {
  if (trigger.type !== 'webhook') return trigger
  return { ...trigger, config: { ...trigger.config, secret } }
}

async function loadSamples(engine: Engine, options: StudioEngineOptions): Promise<TriggerRecord[]> {
  const triggers: TriggerRecord[] = []
  const files = readdirSync(options.samplesDir).filter((file) => file.endsWith('.json')).sort()
  for (const file of files) {
    const document: unknown = JSON.parse(readFileSync(join(options.samplesDir, file), 'utf8'))
    const id = (document as { id?: unknown }).id
    // Saved once: later starts keep what was edited in the studio.
    const known = typeof id === 'string' ? await engine.workflows.get(id).catch(() => undefined) : undefined
    const workflowId = known?.id ?? (await engine.workflows.save(document, { author: 'studio', notes: `sample ${file}` })).id
    for (const trigger of triggersOf(document)) {
      try {
        triggers.push(await engine.triggers.save({ ...withSecret(trigger, options.webhookSecret), workflowId }))
      } catch (error) {
        options.log(`Trigger of ${file} not saved: ${StepwiseError.from(error).message}`)
      }
    }
  }
  return triggers
}

/** Creates the studio's engine (see the module description). */
export async function createStudioEngine(options: StudioEngineOptions): Promise<StudioEngine> {
  mkdirSync(dirname(options.dbPath), { recursive: true })
  const storage = sqliteStorage({ path: options.dbPath })
  const notify = ({ target, content }: { target: string; content: string }): void => options.log(`📣 [${target}] ${content}`)
  const engine = createEngine({
    storage,
    models: { default: options.model.model },
    tools: demoTools(),
    notifiers: { default: notify, team: notify, oncall: notify },
  })
  const triggers = await loadSamples(engine, options)
  return {
    engine,
    triggers,
    async close() {
      await engine.close({ graceMs: 2000 })
      storage.close()
    },
  }
}
