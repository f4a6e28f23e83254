/**
 * @module
 * `DevWorkflowFiles`: keeps an engine in step with a folder of workflow files for
 * `stepwise dev`: validates and saves each file, saves it again when it changes (debounced),
 * deletes the workflow when its file goes away, and saves the triggers a file lists under
 * `metadata.triggers`.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Engine } from '../engine/engine-types.js'
import { StepwiseError } from '../errors/stepwise-error.js'
import type { ValidationIssue } from '../language/workflow-types.js'
import type { TriggerInput } from '../triggers/trigger-types.js'
import { validateWorkflow } from '../validate.js'
import { parseJsonText } from './read-json-file.js'
import { painter } from './text-style.js'
import { formatIssue, isWorkflowFileName } from './validate-command.js'

/** Where one workflow file stands. */
export interface DevFileStatus {
  /** File name in the folder. */
  file: string
  /** Whether it validated and was saved. */
  valid: boolean
  /** Workflow id, once saved. */
  id?: string
  /** Version the engine holds for it. */
  version?: number
  /** Validation issues (or one issue for a file that is not JSON). */
  issues: ValidationIssue[]
  /** Names of the triggers saved from `metadata.triggers`. */
  triggers: string[]
}

/** Options of {@link DevWorkflowFiles}. */
export interface DevWorkflowFilesOptions {
  /** The folder (absolute). */
  dir: string
  /** The engine to save into. */
  engine: Engine
  /** Adds stand-ins for the names a document uses (see `createCliEngine`). */
  provide(document: unknown): void
  /** Log lines. */
  log(line: string): void
}

const plain = painter(false)

function triggersOf(document: unknown): unknown[] {
  const metadata = (document as { metadata?: { triggers?: unknown } }).metadata
  return Array.isArray(metadata?.triggers) ? metadata.triggers : []
}

/** The folder's workflow files and their state in the engine (see the module description). */
export class DevWorkflowFiles {
  readonly #options: DevWorkflowFilesOptions
  readonly #statuses = new Map<string, DevFileStatus>()
  readonly #pending = new Set<string>()
  #timer?: ReturnType<typeof setTimeout>
  #queue: Promise<void> = Promise.resolve()

  constructor(options: DevWorkflowFilesOptions) {
    this.#options = options
  }

  /** Every file's status, by file name. */
  statuses(): DevFileStatus[] {
    return [...this.#statuses.values()].sort((a, b) => a.file.localeCompare(b.file))
  }

  /** Loads every workflow file of the folder (and forgets files that are gone). */
  loadAll(): Promise<void> {
    return this.#enqueue(async () => {
      const names = (await readdir(this.#options.dir)).filter(isWorkflowFileName)
      for (const name of new Set([...names, ...this.#statuses.keys()])) await this.#sync(name)
    })
  }

  /** Notes a change of `name` in the folder; it is synced once the folder is quiet for `debounceMs`. */
  changed(name: string, debounceMs: number): void {
    if (!isWorkflowFileName(name)) return
    this.#pending.add(name)
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      const names = [...this.#pending]
      this.#pending.clear()
      void this.#enqueue(async () => {
        for (const pending of names) await this.#sync(pending)
      })
    }, debounceMs)
  }

  /** Resolves once every change noted so far is synced. */
  async idle(): Promise<void> {
    while (this.#timer !== undefined) await new Promise((done) => setTimeout(done, 20))
    await this.#queue
  }

  /** Drops pending changes. */
  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#timer = undefined
    this.#pending.clear()
  }

  #enqueue(task: () => Promise<void>): Promise<void> {
    this.#queue = this.#queue.then(task).catch((error: unknown) => this.#options.log(`✗ ${StepwiseError.from(error).message}`))
    return this.#queue
  }

  async #sync(file: string): Promise<void> {
    const { engine, log } = this.#options
    const previous = this.#statuses.get(file)
    let text: string
    try {
      text = await readFile(join(this.#options.dir, file), 'utf8')
    } catch {
      this.#statuses.delete(file)
      if (previous?.id !== undefined && (await engine.workflows.delete(previous.id))) log(`– ${file} removed: workflow ${previous.id} deleted`)
      return
    }
    const status: DevFileStatus = { file, valid: false, issues: [], triggers: [] }
    this.#statuses.set(file, status)
    let document: unknown
    try {
      document = parseJsonText(text, file)
    } catch (error) {
      status.issues = [{ path: '', message: StepwiseError.from(error).message }]
      log(`✗ ${status.issues[0].message}`)
      return
    }
    const checked = validateWorkflow(document)
    if (checked.ok) this.#options.provide(document)
    try {
      if (!checked.ok) throw new StepwiseError('WORKFLOW_INVALID', 'invalid', { details: { issues: checked.issues } })
      const saved = await engine.workflows.save(document, { author: 'stepwise dev', notes: `from ${file}` })
      Object.assign(status, { valid: true, id: saved.id, version: saved.version })
      log(`✓ ${file} → ${saved.id} v${saved.version}${saved.changed ? '' : ' (unchanged)'}`)
    } catch (error) {
      const issues = StepwiseError.isInstance(error) && Array.isArray(error.details?.issues) ? (error.details.issues as ValidationIssue[]) : undefined
      if (issues === undefined) throw error
      status.issues = issues
      log(`✗ ${file}: ${issues.length} issue${issues.length === 1 ? '' : 's'}`)
      for (const issue of issues) log(formatIssue(issue, plain))
      return
    }
    for (const trigger of triggersOf(document)) {
      try {
        const saved = await engine.triggers.save({ ...(trigger as TriggerInput), workflowId: status.id as string })
        status.triggers.push(saved.name)
        log(`  trigger "${saved.name}" (${saved.type})${saved.type === 'webhook' ? ` → POST /api/webhooks/${saved.webhookPath ?? ''}` : ''}`)
      } catch (error) {
        log(`  ✗ trigger in ${file}: ${StepwiseError.from(error).message}`)
      }
    }
  }
}
