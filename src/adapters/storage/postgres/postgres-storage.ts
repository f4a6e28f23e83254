import pg from 'pg'
import { StepwiseError } from '../../../errors/stepwise-error.js'
import type { StepwiseEvent } from '../../../engine/events.js'
import { TERMINAL_EXECUTION_STATUSES } from '../../../engine/records.js'
import type { ApprovalDecision, ApprovalRecord, StepRecord, StoredExecution, WorkflowRecord, WorkflowVersionRecord } from '../../../engine/records.js'
import type {
  ClaimInput,
  CommitBatch,
  CommitResult,
  DueExecution,
  ExecutionFilter,
  SaveWorkflowInput,
  SaveWorkflowResult,
} from '../storage-adapter.js'
import {
  approvalFromRow,
  executionFromRow,
  stepFromRow,
  toJson,
  versionFromRow,
  workflowFromRow,
  type ApprovalRow,
  type ExecutionRow,
  type StepRow,
  type VersionRow,
  type WorkflowRow,
} from '../sqlite/sqlite-rows.js'
import { eventsFromRows } from '../event-rows.js'
import { checkSchemaName, migratePostgres } from './migrations.js'
import type { PgClientLike, PgPoolLike, PgQueryConfigLike } from './pg-types.js'
import { commitBatch } from './postgres-commit.js'
import { toStepwiseError } from './postgres-errors.js'
import { PostgresNotifications, workPayload } from './postgres-notifications.js'
import { buildStatements, type PostgresStatements } from './postgres-sql.js'
import { PostgresTriggerStore } from './postgres-trigger-store.js'

import type { PostgresStorageAdapter, PostgresStorageOptions } from './postgres-options.js'

export type { PgClientLike, PgNotificationLike, PgPoolLike, PgQueryConfigLike, PgQueryResultLike } from './pg-types.js'
export type {
  PostgresStorageAdapter,
  PostgresStorageConnectionOptions,
  PostgresStorageOptions,
  PostgresStoragePoolOptions,
} from './postgres-options.js'

const DEFAULT_LIMIT = 50
const MAX_LIMIT = 500

/**
 * PostgreSQL storage (adapter interface v1, with triggers) on node-postgres: several processes share one
 * database. Every journal commit is one transaction whose compare-and-set on the fencing counter
 * rejects a stale lease holder (`LEASE_LOST`); due work is listed with `FOR UPDATE SKIP LOCKED`;
 * unique constraints back every dedup (idempotency keys, versions, approvals, event seqs);
 * `notifications` wake other processes' workers and event streams through LISTEN/NOTIFY. The
 * schema is created and migrated on first use (versions in `stepwise_schema`, under an advisory
 * lock). `pg` is an optional peer dependency: install it to use `stepwise/postgres`.
 *
 * @example
 * ```ts
 * import { createEngine } from 'stepwise'
 * import { postgresStorage } from 'stepwise/postgres'
 * const storage = postgresStorage({ connectionString: process.env.DATABASE_URL! })
 * const engine = createEngine({ storage })
 * engine.startWorker()
 * ```
 */
export function postgresStorage(options: PostgresStorageOptions): PostgresStorageAdapter {
  const schema = checkSchemaName(options.schema ?? 'public')
  if ('pool' in options) return new PostgresStorage(options.pool, schema, undefined)
  if (typeof options.connectionString !== 'string' || options.connectionString === '') {
    throw new StepwiseError('CONFIGURATION_INVALID', 'postgresStorage() needs a connectionString or a pool.')
  }
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 10 })
  // An idle connection that drops (server restart) must not crash the host; the next query reconnects.
  pool.on('error', () => undefined)
  return new PostgresStorage(pool, schema, { pool, connectionString: options.connectionString })
}

class PostgresStorage extends PostgresTriggerStore implements PostgresStorageAdapter {
  readonly specificationVersion = 'v1' as const
  readonly adapterId = 'postgres'
  readonly pool: PgPoolLike
  readonly schema: string
  readonly notifications: PostgresNotifications
  readonly #owned?: { pool: pg.Pool; connectionString: string }
  readonly #sql: PostgresStatements
  #migration?: Promise<number>
  #migrated = false
  #closed = false

  constructor(pool: PgPoolLike, schema: string, owned: { pool: pg.Pool; connectionString: string } | undefined) {
    // The trigger store runs its statements through this adapter (readiness, error mapping).
    const host = { self: undefined as PostgresStorage | undefined }
    super({
      schema,
      query: (statement, values) => (host.self as PostgresStorage).#query(statement, values),
      transaction: (fn) => (host.self as PostgresStorage).#transaction(fn),
    })
    host.self = this
    this.pool = pool
    this.schema = schema
    this.#owned = owned
    this.#sql = buildStatements(schema)
    const sql = this.#sql
    this.notifications = new PostgresNotifications(sql.channels, {
      watch: sql.watch,
      unwatch: sql.unwatch,
      refreshWatches: sql.refreshWatches,
      unwatchAll: sql.unwatchAll,
      open: async () => {
        await this.migrate()
        if (owned === undefined) return pool.connect()
        // A dedicated client outside the pool, so listening never takes a pool slot.
        const client = new pg.Client({ connectionString: owned.connectionString, application_name: `stepwise-listen:${schema}`.slice(0, 63) })
        client.on('error', () => undefined)
        await client.connect()
        return client as unknown as PgClientLike
      },
      close: async (client, broken) => {
        if (client.release !== undefined) {
          if (!broken) await client.query('UNLISTEN *').catch(() => undefined)
          client.release(broken)
        } else await client.end?.()
      },
    })
  }

  migrate(): Promise<number> {
    if (this.#migration === undefined) {
      const ready = (async () => {
        const client = await this.pool.connect()
        let broken = false
        try {
          return await migratePostgres(client, this.schema)
        } catch (error) {
          broken = !StepwiseError.isInstance(error)
          throw error
        } finally {
          client.release?.(broken)
        }
      })()
      this.#migration = ready
      ready.then(
        () => (this.#migrated = true),
        () => (this.#migration = undefined), // the next call tries again (and reports again)
      )
    }
    return this.#migration.catch((error: unknown) => Promise.reject(toStepwiseError(error)))
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.notifications.close()
    await this.#migration?.catch(() => undefined)
    if (this.#owned !== undefined) await this.#owned.pool.end()
  }

  /** Rejects once closed; migrates on first use. */
  async #ready(): Promise<void> {
    if (this.#closed) throw new StepwiseError('INTERNAL', `The PostgreSQL storage adapter (schema "${this.schema}") was closed.`)
    if (!this.#migrated) await this.migrate()
  }

  /** Runs one statement after the schema is ready, mapping errors. */
  async #run<R>(statement: PgQueryConfigLike, values: unknown[]): Promise<{ rows: R[]; rowCount: number }> {
    await this.#ready()
    try {
      const result = await this.pool.query<R>({ name: statement.name, text: statement.text, values })
      return { rows: result.rows, rowCount: result.rowCount ?? 0 }
    } catch (error) {
      throw toStepwiseError(error)
    }
  }

  /** The rows of one statement. */
  async #query<R>(statement: PgQueryConfigLike, values: unknown[]): Promise<R[]> {
    return (await this.#run<R>(statement, values)).rows
  }

  /** Runs `fn` in a transaction on one connection, mapping errors. */
  async #transaction<T>(fn: (client: PgClientLike) => Promise<T>): Promise<T> {
    await this.#ready()
    let client: PgClientLike
    try {
      client = await this.pool.connect()
    } catch (error) {
      throw toStepwiseError(error)
    }
    let broken = false
    try {
      await client.query('BEGIN')
      const result = await fn(client)
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK').catch(() => (broken = true))
      throw toStepwiseError(error)
    } finally {
      client.release?.(broken)
    }
  }

  async #readExecution(tenantId: string, executionId: string): Promise<StoredExecution | undefined> {
    const [row] = await this.#query<ExecutionRow>(this.#sql.getExecution, [tenantId, executionId])
    return row === undefined ? undefined : executionFromRow(row)
  }

  async putSnapshot(tenantId: string, hash: string, definition: unknown): Promise<void> {
    await this.#query(this.#sql.putSnapshot, [tenantId, hash, JSON.stringify(definition ?? null)])
  }

  async getSnapshot(tenantId: string, hash: string): Promise<unknown | undefined> {
    const [row] = await this.#query<{ definition: string }>(this.#sql.getSnapshot, [tenantId, hash])
    return row === undefined ? undefined : (JSON.parse(row.definition) as unknown)
  }

  async saveWorkflow(tenantId: string, input: SaveWorkflowInput): Promise<SaveWorkflowResult> {
    const sql = this.#sql
    return this.#transaction(async (client) => {
      const q = async <R>(statement: PgQueryConfigLike, values: unknown[]): Promise<R[]> => (await client.query<R>({ ...statement, values })).rows
      await q(sql.lockWorkflow, [JSON.stringify([this.schema, tenantId, input.workflowId])])
      await q(sql.putSnapshot, [tenantId, input.hash, JSON.stringify(input.definition ?? null)])
      const [head] = await q<WorkflowRow>(sql.getWorkflow, [tenantId, input.workflowId])
      if (head !== undefined && head.hash === input.hash) {
        const [current] = await q<VersionRow>(sql.getVersion, [tenantId, input.workflowId, head.version])
        return { workflow: workflowFromRow(head), version: versionFromRow(current), changed: false }
      }
      const [max] = await q<{ version: number | null }>(sql.maxVersion, [tenantId, input.workflowId])
      const version = (max?.version ?? 0) + 1
      const [saved] = await q<VersionRow>(sql.insertVersion, [
        tenantId,
        input.workflowId,
        version,
        input.hash,
        input.source,
        input.author ?? null,
        input.notes ?? null,
        input.now,
      ])
      const [workflow] = await q<WorkflowRow>(sql.upsertWorkflow, [tenantId, input.workflowId, version, input.hash, input.name ?? null, input.now])
      return { workflow: workflowFromRow(workflow), version: versionFromRow(saved), changed: true }
    })
  }

  async getWorkflow(tenantId: string, workflowId: string): Promise<WorkflowRecord | undefined> {
    const [row] = await this.#query<WorkflowRow>(this.#sql.getWorkflow, [tenantId, workflowId])
    return row === undefined ? undefined : workflowFromRow(row)
  }

  async listWorkflows(tenantId: string): Promise<WorkflowRecord[]> {
    return (await this.#query<WorkflowRow>(this.#sql.listWorkflows, [tenantId])).map(workflowFromRow)
  }

  async deleteWorkflow(tenantId: string, workflowId: string): Promise<boolean> {
    return (await this.#run(this.#sql.deleteWorkflow, [tenantId, workflowId])).rowCount > 0
  }

  async listWorkflowVersions(tenantId: string, workflowId: string): Promise<WorkflowVersionRecord[]> {
    return (await this.#query<VersionRow>(this.#sql.listVersions, [tenantId, workflowId])).map(versionFromRow)
  }

  async createExecution(tenantId: string, e: StoredExecution): Promise<{ execution: StoredExecution; created: boolean }> {
    const live = !TERMINAL_EXECUTION_STATUSES.has(e.status)
    const inserted = await this.#query(this.#sql.createExecution, [
      tenantId,
      e.id,
      e.workflowId,
      e.workflowVersion,
      e.workflowHash,
      e.status,
      e.idempotencyKey ?? null,
      e.startedAt,
      e.endedAt ?? null,
      e.lastSeq,
      e.fence,
      e.leaseOwner ?? null,
      e.leaseExpiresAt ?? null,
      e.wakeAt ?? null,
      e.cancelRequested?.reason ?? null,
      JSON.stringify(e.variables ?? {}),
      JSON.stringify(e.outputs ?? {}),
      toJson(e.output),
      toJson(e.error),
      toJson(e.waitingFor),
      toJson(e.trigger),
      toJson(e.retryOf),
      live ? workPayload(tenantId, e.id) : null,
    ])
    if (inserted.length === 1) return { execution: (await this.#readExecution(tenantId, e.id)) as StoredExecution, created: true }
    if (e.idempotencyKey !== undefined) {
      const [row] = await this.#query<ExecutionRow>(this.#sql.findIdempotent, [tenantId, e.workflowId, e.idempotencyKey])
      if (row !== undefined) return { execution: executionFromRow(row), created: false }
    }
    throw new StepwiseError('STORAGE_CONFLICT', `Execution ${e.id} already exists.`)
  }

  getExecution(tenantId: string, executionId: string): Promise<StoredExecution | undefined> {
    return this.#readExecution(tenantId, executionId)
  }

  async listExecutions(tenantId: string, filter: ExecutionFilter = {}): Promise<StoredExecution[]> {
    const limit = Math.min(Math.max(1, Math.floor(filter.limit ?? DEFAULT_LIMIT)), MAX_LIMIT)
    const where = ['e.tenant_id = $1']
    const values: unknown[] = [tenantId]
    const add = (clause: (n: string) => string, value: unknown): void => {
      values.push(value)
      where.push(clause(`$${values.length}`))
    }
    if (filter.workflowId !== undefined) add((n) => `e.workflow_id = ${n}`, filter.workflowId)
    if (filter.status !== undefined) add((n) => `e.status = ANY(${n}::text[])`, typeof filter.status === 'string' ? [filter.status] : [...filter.status])
    if (filter.before !== undefined) add((n) => `e.started_at < ${n}`, filter.before)
    values.push(limit)
    const clause = where.join(' AND ')
    const name = `sw_${this.#sql.tag}_list_${where.length}_${filter.workflowId === undefined ? 0 : 1}${filter.status === undefined ? 0 : 1}${filter.before === undefined ? 0 : 1}`
    const text = `${this.#sql.executionQuery} WHERE ${clause} ORDER BY e.started_at DESC, e.id DESC LIMIT $${values.length}`
    return (await this.#query<ExecutionRow>({ name, text }, values)).map(executionFromRow)
  }

  async claimExecution(tenantId: string, executionId: string, claim: ClaimInput): Promise<{ fence: number; execution: StoredExecution } | undefined> {
    const [row] = await this.#query<ExecutionRow>(this.#sql.claim, [tenantId, executionId, claim.owner, claim.now + claim.leaseMs, claim.now])
    if (row === undefined) return undefined
    const execution = executionFromRow(row)
    return { fence: execution.fence, execution }
  }

  async renewLease(tenantId: string, executionId: string, fence: number, claim: ClaimInput): Promise<boolean> {
    return (await this.#run(this.#sql.renew, [tenantId, executionId, fence, claim.owner, claim.now + claim.leaseMs])).rowCount > 0
  }

  async commit(tenantId: string, executionId: string, fence: number, batch: CommitBatch): Promise<CommitResult> {
    await this.#ready()
    try {
      return await commitBatch(this.pool, this.#sql, tenantId, executionId, fence, batch)
    } catch (error) {
      throw toStepwiseError(error)
    }
  }

  async requestCancel(tenantId: string, executionId: string, reason: string): Promise<StoredExecution | undefined> {
    await this.#query(this.#sql.requestCancel, [tenantId, executionId, reason, workPayload(tenantId, executionId)])
    return this.#readExecution(tenantId, executionId)
  }

  async listDueExecutions(tenantId: string, now: number, limit: number): Promise<DueExecution[]> {
    const rows = await this.#query<{ id: string; status: string }>(this.#sql.listDue, [tenantId, now, Math.max(0, Math.floor(limit))])
    return rows.map((row) => ({ id: row.id, reason: row.status === 'waiting' ? 'wake' : 'orphaned' }))
  }

  async listSteps(tenantId: string, executionId: string): Promise<StepRecord[]> {
    return (await this.#query<StepRow>(this.#sql.listSteps, [tenantId, executionId])).map(stepFromRow)
  }

  async readEvents(tenantId: string, executionId: string, afterSeq: number, limit: number): Promise<StepwiseEvent[]> {
    const max = Math.max(0, Math.floor(limit))
    const rows = await this.#query<{ body: string }>(this.#sql.readEvents, [tenantId, executionId, afterSeq, max])
    return eventsFromRows(rows, afterSeq, max)
  }

  async getApproval(tenantId: string, executionId: string, stepId: string, iterationPath: string): Promise<ApprovalRecord | undefined> {
    const [row] = await this.#query<ApprovalRow>(this.#sql.getApproval, [tenantId, executionId, stepId, iterationPath])
    return row === undefined ? undefined : approvalFromRow(row)
  }

  async findApprovalByToken(tenantId: string, token: string): Promise<ApprovalRecord | undefined> {
    const [row] = await this.#query<ApprovalRow>(this.#sql.findApprovalByToken, [tenantId, token])
    return row === undefined ? undefined : approvalFromRow(row)
  }

  async listApprovals(tenantId: string, executionId: string): Promise<ApprovalRecord[]> {
    return (await this.#query<ApprovalRow>(this.#sql.listApprovals, [tenantId, executionId])).map(approvalFromRow)
  }

  async decideApproval(
    tenantId: string,
    executionId: string,
    stepId: string,
    iterationPath: string,
    decision: ApprovalDecision,
  ): Promise<{ approval: ApprovalRecord; applied: boolean } | undefined> {
    const applied = await this.#query(this.#sql.decideApproval, [
      tenantId,
      executionId,
      stepId,
      iterationPath,
      decision.decision,
      JSON.stringify(decision),
      workPayload(tenantId, executionId),
    ])
    const approval = await this.getApproval(tenantId, executionId, stepId, iterationPath)
    return approval === undefined ? undefined : { approval, applied: applied.length > 0 }
  }
}
