import Database from 'better-sqlite3'
import type BetterSqlite3 from 'better-sqlite3'
import { StepwiseError } from '../../../errors/stepwise-error.js'
import type { StepwiseEvent } from '../../../engine/events.js'
import type {
  ApprovalDecision,
  ApprovalRecord,
  StepRecord,
  StoredExecution,
  WorkflowRecord,
  WorkflowVersionRecord,
} from '../../../engine/records.js'
import type {
  ClaimInput,
  CommitBatch,
  CommitResult,
  DueExecution,
  ExecutionFilter,
  SaveWorkflowInput,
  SaveWorkflowResult,
  StorageAdapterV1,
} from '../storage-adapter.js'
import type { TriggerStorageV1 } from '../trigger-storage.js'
import { eventsFromRows } from '../event-rows.js'
import { migrateSqlite } from './migrations.js'
import { SqliteTriggerStore } from './sqlite-trigger-store.js'
import { commitBatch } from './sqlite-commit.js'
import { translateErrors } from './sqlite-errors.js'
import { EXECUTION_SELECT, prepareStatements, type SqliteStatements } from './sqlite-statements.js'
import {
  approvalFromRow,
  executionFromRow,
  executionParams,
  stepFromRow,
  versionFromRow,
  workflowFromRow,
  type ApprovalRow,
  type ExecutionRow,
  type StepRow,
  type VersionRow,
  type WorkflowRow,
} from './sqlite-rows.js'

/** A better-sqlite3 `Database` connection. */
export type BetterSqlite3Database = BetterSqlite3.Database

/** Open (or create) a database file. */
export interface SqliteStoragePathOptions {
  /** File path of the database, or `':memory:'` for a private in-memory database. */
  path: string
  /** How long a write waits for another connection's write lock before failing (default 5000 ms). */
  busyTimeoutMs?: number
}

/** Use a connection the host opened (the host closes it). */
export interface SqliteStorageDatabaseOptions {
  /** An open better-sqlite3 connection. */
  database: BetterSqlite3Database
}

/** Options of {@link sqliteStorage}. */
export type SqliteStorageOptions = SqliteStoragePathOptions | SqliteStorageDatabaseOptions

/** The SQLite storage adapter: {@link StorageAdapterV1} and {@link TriggerStorageV1}, plus access to the connection. */
export interface SqliteStorageAdapter extends StorageAdapterV1, TriggerStorageV1 {
  /** The better-sqlite3 connection. */
  readonly database: BetterSqlite3Database
  /** The schema version of the database file. */
  readonly schemaVersion: number
  /** Closes the connection when the adapter opened it (a `database` passed in stays open). */
  close(): void
}

const DEFAULT_BUSY_TIMEOUT_MS = 5000
const DEFAULT_LIMIT = 50
const MAX_LIMIT = 500

/**
 * SQLite storage (adapter interface v1) on better-sqlite3, the embedded default: one file on
 * disk, WAL mode, `synchronous=NORMAL`, a busy timeout, and the schema created and migrated
 * automatically (recorded in the `stepwise_schema` table). Several adapters and processes may
 * share one file; writes are serialised by SQLite's write lock, every commit is one transaction.
 *
 * Throws `CONFIGURATION_INVALID` when the file's schema is newer than this stepwise, and
 * `STORAGE_CONFLICT` (retryable, `details.sqliteCode`) when another writer holds the file's lock
 * for longer than the busy timeout. `better-sqlite3` is an optional peer dependency: install it
 * to use `stepwise/sqlite`.
 *
 * @example
 * ```ts
 * import { createEngine } from 'stepwise'
 * import { sqliteStorage } from 'stepwise/sqlite'
 * const engine = createEngine({ storage: sqliteStorage({ path: './stepwise.db' }) })
 * ```
 */
export function sqliteStorage(options: SqliteStorageOptions): SqliteStorageAdapter {
  if ('database' in options) return new SqliteStorage(options.database, false)
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS
  const db = translateErrors(() => new Database(options.path, { timeout: busyTimeoutMs }), busyTimeoutMs)
  try {
    return new SqliteStorage(db, true)
  } catch (error) {
    db.close()
    throw error
  }
}

class SqliteStorage extends SqliteTriggerStore implements SqliteStorageAdapter {
  readonly specificationVersion = 'v1' as const
  readonly adapterId = 'sqlite'
  readonly database: BetterSqlite3Database
  readonly schemaVersion: number
  readonly #owned: boolean
  readonly #busyTimeoutMs: number
  readonly #s: SqliteStatements
  readonly #listQueries = new Map<string, BetterSqlite3.Statement>()
  readonly #saveWorkflowTx: BetterSqlite3.Transaction<(tenantId: string, input: SaveWorkflowInput) => SaveWorkflowResult>
  readonly #createTx: BetterSqlite3.Transaction<(tenantId: string, e: StoredExecution) => { execution: StoredExecution; created: boolean }>
  readonly #claimTx: BetterSqlite3.Transaction<(tenantId: string, id: string, claim: ClaimInput) => { fence: number; execution: StoredExecution } | undefined>
  readonly #commitTx: BetterSqlite3.Transaction<(tenantId: string, id: string, fence: number, batch: CommitBatch) => CommitResult>
  readonly #cancelTx: BetterSqlite3.Transaction<(tenantId: string, id: string, reason: string) => StoredExecution | undefined>
  readonly #decideTx: BetterSqlite3.Transaction<
    (tenantId: string, id: string, stepId: string, path: string, d: ApprovalDecision) => { approval: ApprovalRecord; applied: boolean } | undefined
  >

  constructor(db: BetterSqlite3Database, owned: boolean) {
    super(db)
    this.database = db
    this.#owned = owned
    this.#busyTimeoutMs = Number(db.pragma('busy_timeout', { simple: true }))
    this.schemaVersion = this.#wrap(() => {
      if (db.memory !== true && db.readonly !== true) db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
      return migrateSqlite(db)
    })
    this.#s = prepareStatements(db)
    this.#saveWorkflowTx = db.transaction((tenantId, input) => this.#saveWorkflow(tenantId, input))
    this.#createTx = db.transaction((tenantId, e) => this.#createExecution(tenantId, e))
    this.#claimTx = db.transaction((tenantId, id, claim) => this.#claim(tenantId, id, claim))
    this.#commitTx = db.transaction((tenantId, id, fence, batch) => commitBatch(this.#s, tenantId, id, fence, batch))
    this.#cancelTx = db.transaction((tenantId, id, reason) => {
      this.#s.requestCancel.run(reason, tenantId, id)
      return this.#read(tenantId, id)
    })
    this.#decideTx = db.transaction((tenantId, id, stepId, path, d) => this.#decide(tenantId, id, stepId, path, d))
  }

  close(): void {
    if (this.#owned && this.database.open) this.database.close()
  }

  #wrap<T>(fn: () => T): T {
    return translateErrors(fn, this.#busyTimeoutMs)
  }

  #read(tenantId: string, executionId: string): StoredExecution | undefined {
    const row = this.#s.getExecution.get(tenantId, executionId) as ExecutionRow | undefined
    return row === undefined ? undefined : executionFromRow(row)
  }

  async putSnapshot(tenantId: string, hash: string, definition: unknown): Promise<void> {
    this.#wrap(() => this.#s.putSnapshot.run(tenantId, hash, JSON.stringify(definition ?? null)))
  }

  async getSnapshot(tenantId: string, hash: string): Promise<unknown | undefined> {
    const row = this.#wrap(() => this.#s.getSnapshot.get(tenantId, hash)) as { definition: string } | undefined
    return row === undefined ? undefined : (JSON.parse(row.definition) as unknown)
  }

  async saveWorkflow(tenantId: string, input: SaveWorkflowInput): Promise<SaveWorkflowResult> {
    return this.#wrap(() => this.#saveWorkflowTx.immediate(tenantId, input))
  }

  #saveWorkflow(tenantId: string, input: SaveWorkflowInput): SaveWorkflowResult {
    const s = this.#s
    s.putSnapshot.run(tenantId, input.hash, JSON.stringify(input.definition ?? null))
    const head = s.getWorkflow.get(tenantId, input.workflowId) as WorkflowRow | undefined
    if (head !== undefined && head.hash === input.hash) {
      const current = s.getVersion.get(tenantId, input.workflowId, head.version) as VersionRow
      return { workflow: workflowFromRow(head), version: versionFromRow(current), changed: false }
    }
    const max = (s.maxVersion.get(tenantId, input.workflowId) as { version: number | null }).version ?? 0
    const version = max + 1
    s.insertVersion.run({
      tenant_id: tenantId,
      workflow_id: input.workflowId,
      version,
      hash: input.hash,
      source: input.source,
      author: input.author ?? null,
      notes: input.notes ?? null,
      created_at: input.now,
    })
    s.upsertWorkflow.run({ tenant_id: tenantId, id: input.workflowId, version, hash: input.hash, name: input.name ?? null, now: input.now })
    const workflow = workflowFromRow(s.getWorkflow.get(tenantId, input.workflowId) as WorkflowRow)
    const saved = versionFromRow(s.getVersion.get(tenantId, input.workflowId, version) as VersionRow)
    return { workflow, version: saved, changed: true }
  }

  async getWorkflow(tenantId: string, workflowId: string): Promise<WorkflowRecord | undefined> {
    const row = this.#wrap(() => this.#s.getWorkflow.get(tenantId, workflowId)) as WorkflowRow | undefined
    return row === undefined ? undefined : workflowFromRow(row)
  }

  async listWorkflows(tenantId: string): Promise<WorkflowRecord[]> {
    return (this.#wrap(() => this.#s.listWorkflows.all(tenantId)) as WorkflowRow[]).map(workflowFromRow)
  }

  async deleteWorkflow(tenantId: string, workflowId: string): Promise<boolean> {
    return this.#wrap(() => this.#s.deleteWorkflow.run(tenantId, workflowId)).changes > 0
  }

  async listWorkflowVersions(tenantId: string, workflowId: string): Promise<WorkflowVersionRecord[]> {
    return (this.#wrap(() => this.#s.listVersions.all(tenantId, workflowId)) as VersionRow[]).map(versionFromRow)
  }

  async createExecution(tenantId: string, execution: StoredExecution): Promise<{ execution: StoredExecution; created: boolean }> {
    return this.#wrap(() => this.#createTx.immediate(tenantId, execution))
  }

  #createExecution(tenantId: string, execution: StoredExecution): { execution: StoredExecution; created: boolean } {
    if (execution.idempotencyKey !== undefined) {
      const existing = this.#s.findIdempotent.get(tenantId, execution.workflowId, execution.idempotencyKey) as { id: string } | undefined
      if (existing !== undefined) return { execution: this.#read(tenantId, existing.id) as StoredExecution, created: false }
    }
    if (this.#s.executionHead.get(tenantId, execution.id) !== undefined) {
      throw new StepwiseError('STORAGE_CONFLICT', `Execution ${execution.id} already exists.`)
    }
    const params = executionParams(tenantId, execution)
    this.#s.insertExecution.run(params)
    this.#s.insertExecutionData.run(params)
    return { execution: this.#read(tenantId, execution.id) as StoredExecution, created: true }
  }

  async getExecution(tenantId: string, executionId: string): Promise<StoredExecution | undefined> {
    return this.#wrap(() => this.#read(tenantId, executionId))
  }

  async listExecutions(tenantId: string, filter: ExecutionFilter = {}): Promise<StoredExecution[]> {
    const limit = Math.min(Math.max(1, Math.floor(filter.limit ?? DEFAULT_LIMIT)), MAX_LIMIT)
    const where = ['e.tenant_id = @tenant_id']
    const params: Record<string, unknown> = { tenant_id: tenantId, limit }
    if (filter.workflowId !== undefined) {
      where.push('e.workflow_id = @workflow_id')
      params.workflow_id = filter.workflowId
    }
    if (filter.status !== undefined) {
      where.push('e.status IN (SELECT value FROM json_each(@statuses))')
      params.statuses = JSON.stringify(typeof filter.status === 'string' ? [filter.status] : filter.status)
    }
    if (filter.before !== undefined) {
      where.push('e.started_at < @before')
      params.before = filter.before
    }
    const key = where.join(' AND ')
    let statement = this.#listQueries.get(key)
    if (statement === undefined) {
      statement = this.database.prepare(`${EXECUTION_SELECT} WHERE ${key} ORDER BY e.started_at DESC, e.id DESC LIMIT @limit`)
      this.#listQueries.set(key, statement)
    }
    const query = statement
    return (this.#wrap(() => query.all(params)) as ExecutionRow[]).map(executionFromRow)
  }

  async claimExecution(tenantId: string, executionId: string, claim: ClaimInput): Promise<{ fence: number; execution: StoredExecution } | undefined> {
    return this.#wrap(() => this.#claimTx.immediate(tenantId, executionId, claim))
  }

  #claim(tenantId: string, executionId: string, claim: ClaimInput): { fence: number; execution: StoredExecution } | undefined {
    const result = this.#s.claim.run({ tenant_id: tenantId, id: executionId, owner: claim.owner, expires_at: claim.now + claim.leaseMs, now: claim.now })
    if (result.changes === 0) return undefined
    const execution = this.#read(tenantId, executionId) as StoredExecution
    return { fence: execution.fence, execution }
  }

  async renewLease(tenantId: string, executionId: string, fence: number, claim: ClaimInput): Promise<boolean> {
    const params = { tenant_id: tenantId, id: executionId, fence, owner: claim.owner, expires_at: claim.now + claim.leaseMs }
    return this.#wrap(() => this.#s.renew.run(params)).changes > 0
  }

  async commit(tenantId: string, executionId: string, fence: number, batch: CommitBatch): Promise<CommitResult> {
    return this.#wrap(() => this.#commitTx.immediate(tenantId, executionId, fence, batch))
  }

  async requestCancel(tenantId: string, executionId: string, reason: string): Promise<StoredExecution | undefined> {
    return this.#wrap(() => this.#cancelTx.immediate(tenantId, executionId, reason))
  }

  async listDueExecutions(tenantId: string, now: number, limit: number): Promise<DueExecution[]> {
    const rows = this.#wrap(() => this.#s.listDue.all({ tenant_id: tenantId, now, limit: Math.max(0, Math.floor(limit)) })) as {
      id: string
      status: string
    }[]
    return rows.map((row) => ({ id: row.id, reason: row.status === 'waiting' ? 'wake' : 'orphaned' }))
  }

  async listSteps(tenantId: string, executionId: string): Promise<StepRecord[]> {
    return (this.#wrap(() => this.#s.listSteps.all(tenantId, executionId)) as StepRow[]).map(stepFromRow)
  }

  async readEvents(tenantId: string, executionId: string, afterSeq: number, limit: number): Promise<StepwiseEvent[]> {
    const max = Math.max(0, Math.floor(limit))
    const rows = this.#wrap(() => this.#s.readEvents.all(tenantId, executionId, afterSeq, max)) as { body: string }[]
    return eventsFromRows(rows, afterSeq, max)
  }

  async getApproval(tenantId: string, executionId: string, stepId: string, iterationPath: string): Promise<ApprovalRecord | undefined> {
    const row = this.#wrap(() => this.#s.getApproval.get(tenantId, executionId, stepId, iterationPath)) as ApprovalRow | undefined
    return row === undefined ? undefined : approvalFromRow(row)
  }

  async findApprovalByToken(tenantId: string, token: string): Promise<ApprovalRecord | undefined> {
    const row = this.#wrap(() => this.#s.findApprovalByToken.get(tenantId, token)) as ApprovalRow | undefined
    return row === undefined ? undefined : approvalFromRow(row)
  }

  async listApprovals(tenantId: string, executionId: string): Promise<ApprovalRecord[]> {
    return (this.#wrap(() => this.#s.listApprovals.all(tenantId, executionId)) as ApprovalRow[]).map(approvalFromRow)
  }

  async decideApproval(
    tenantId: string,
    executionId: string,
    stepId: string,
    iterationPath: string,
    decision: ApprovalDecision,
  ): Promise<{ approval: ApprovalRecord; applied: boolean } | undefined> {
    return this.#wrap(() => this.#decideTx.immediate(tenantId, executionId, stepId, iterationPath, decision))
  }

  #decide(tenantId: string, executionId: string, stepId: string, iterationPath: string, decision: ApprovalDecision) {
    const key = { tenant_id: tenantId, execution_id: executionId, step_id: stepId, iteration_path: iterationPath }
    const applied = this.#s.decideApproval.run({ ...key, status: decision.decision, decision: JSON.stringify(decision) }).changes > 0
    if (applied) this.#s.wakeWaiting.run(tenantId, executionId)
    const row = this.#s.getApproval.get(tenantId, executionId, stepId, iterationPath) as ApprovalRow | undefined
    return row === undefined ? undefined : { approval: approvalFromRow(row), applied }
  }
}
