import type BetterSqlite3 from 'better-sqlite3'
import { StepwiseError } from '../../../errors/stepwise-error.js'
import type { TriggerDelivery, TriggerRecord } from '../../../triggers/trigger-types.js'
import {
  deliveryPageSize,
  triggerNameKey,
  type DeliveryListOptions,
  type DeliveryPage,
  type SaveTriggerResult,
  type TriggerFilter,
  type TriggerRunUpdate,
  type TriggerStorageV1,
  type TriggerUpdate,
} from '../trigger-storage.js'
import { SqliteProposalStore } from './sqlite-proposal-store.js'
import { translateErrors } from './sqlite-errors.js'

interface TriggerRow {
  id: string
  name: string
  type: string
  workflow_id: string | null
  enabled: number
  config: string
  webhook_path: string | null
  created_at: string
  updated_at: string
  last_run_at: string | null
  last_execution_id: string | null
  scheduled_through: string | null
}

const COLUMNS = 'id, name, type, workflow_id, enabled, config, webhook_path, created_at, updated_at, last_run_at, last_execution_id, scheduled_through'
const SELECT = `SELECT ${COLUMNS} FROM stepwise_triggers`

const SQL = {
  byId: `${SELECT} WHERE tenant_id = ? AND id = ?`,
  byName: `${SELECT} WHERE tenant_id = ? AND name_key = ?`,
  byPath: `${SELECT} WHERE tenant_id = ? AND webhook_path = ?`,
  insert: `INSERT INTO stepwise_triggers (tenant_id, id, name, name_key, type, workflow_id, enabled, config, webhook_path, created_at,
      updated_at, last_run_at, last_execution_id, scheduled_through)
    VALUES (@tenant_id, @id, @name, @name_key, @type, @workflow_id, @enabled, @config, @webhook_path, @created_at, @updated_at,
      @last_run_at, @last_execution_id, @scheduled_through)`,
  update: `UPDATE stepwise_triggers SET name = @name, name_key = @name_key, type = @type, workflow_id = @workflow_id, enabled = @enabled,
      config = @config, webhook_path = @webhook_path, updated_at = @updated_at
    WHERE tenant_id = @tenant_id AND id = @id`,
  delete: 'DELETE FROM stepwise_triggers WHERE tenant_id = ? AND id = ?',
  deleteTicks: 'DELETE FROM stepwise_schedule_ticks WHERE tenant_id = ? AND trigger_id = ?',
  deleteDeliveries: 'DELETE FROM stepwise_trigger_deliveries WHERE tenant_id = ? AND trigger_id = ?',
  // SET expressions read the row as it was before the update.
  recordRun: `UPDATE stepwise_triggers SET
      last_execution_id = CASE WHEN @last_run_at IS NOT NULL AND @last_execution_id IS NOT NULL
        AND (last_run_at IS NULL OR @last_run_at >= last_run_at) THEN @last_execution_id ELSE last_execution_id END,
      last_run_at = CASE WHEN @last_run_at IS NOT NULL AND (last_run_at IS NULL OR @last_run_at >= last_run_at) THEN @last_run_at ELSE last_run_at END,
      scheduled_through = CASE WHEN @scheduled_through IS NOT NULL AND (scheduled_through IS NULL OR @scheduled_through > scheduled_through)
        THEN @scheduled_through ELSE scheduled_through END
    WHERE tenant_id = @tenant_id AND id = @id`,
  claimTick: 'INSERT INTO stepwise_schedule_ticks (tenant_id, trigger_id, tick) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  releaseTick: 'DELETE FROM stepwise_schedule_ticks WHERE tenant_id = ? AND trigger_id = ? AND tick = ?',
  appendDelivery: `INSERT INTO stepwise_trigger_deliveries (tenant_id, id, trigger_id, received_at, delivery_id, body)
    VALUES (?, ?, ?, ?, ?, ?)`,
  deliveryCursor: 'SELECT received_at, id FROM stepwise_trigger_deliveries WHERE tenant_id = ? AND trigger_id = ? AND id = ?',
} as const

type Statements = { -readonly [K in keyof typeof SQL]: BetterSqlite3.Statement }

interface Transactions {
  save: BetterSqlite3.Transaction<(tenantId: string, t: TriggerRecord) => SaveTriggerResult>
  update: BetterSqlite3.Transaction<(tenantId: string, id: string, u: TriggerUpdate) => TriggerRecord | undefined>
  remove: BetterSqlite3.Transaction<(tenantId: string, id: string) => boolean>
}

function fromRow(row: TriggerRow): TriggerRecord {
  const record: Record<string, unknown> = {
    id: row.id,
    name: row.name,
    type: row.type,
    enabled: row.enabled === 1,
    config: JSON.parse(row.config) as unknown,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
  if (row.workflow_id !== null) record.workflowId = row.workflow_id
  if (row.webhook_path !== null) record.webhookPath = row.webhook_path
  if (row.last_run_at !== null) record.lastRunAt = row.last_run_at
  if (row.last_execution_id !== null) record.lastExecutionId = row.last_execution_id
  if (row.scheduled_through !== null) record.scheduledThrough = row.scheduled_through
  return record as unknown as TriggerRecord
}

function definitionParams(tenantId: string, id: string, t: TriggerUpdate): Record<string, unknown> {
  return {
    tenant_id: tenantId,
    id,
    name: t.name,
    name_key: triggerNameKey(t.name),
    type: t.type,
    workflow_id: t.workflowId ?? null,
    enabled: t.enabled ? 1 : 0,
    config: JSON.stringify(t.config ?? {}),
    webhook_path: t.webhookPath ?? null,
    updated_at: t.updatedAt,
  }
}

function conflict(kind: 'name' | 'webhook_path', value: string, owner: string): StepwiseError {
  const what = kind === 'name' ? `name "${value}"` : `webhook path "${value}"`
  return new StepwiseError('STORAGE_CONFLICT', `Trigger ${owner} already has the ${what}.`, { retryable: false, details: { conflict: kind, triggerId: owner } })
}

/**
 * The trigger half of `sqliteStorage()` ({@link TriggerStorageV1}), on the same connection.
 * Statements are prepared on first use (after the adapter has migrated the schema).
 */
export class SqliteTriggerStore extends SqliteProposalStore implements TriggerStorageV1 {
  readonly #db: BetterSqlite3.Database
  readonly #busyMs: number
  #prepared?: Statements
  #tx?: Transactions
  readonly #listQueries = new Map<string, BetterSqlite3.Statement>()

  constructor(db: BetterSqlite3.Database) {
    super(db)
    this.#db = db
    this.#busyMs = Number(db.pragma('busy_timeout', { simple: true }))
  }

  get #s(): Statements {
    if (this.#prepared === undefined) {
      const prepared: Partial<Statements> = {}
      for (const [key, sql] of Object.entries(SQL)) prepared[key as keyof Statements] = this.#db.prepare(sql)
      this.#prepared = prepared as Statements
    }
    return this.#prepared
  }

  get #transactions(): Transactions {
    if (this.#tx === undefined) {
      this.#tx = {
        save: this.#db.transaction((tenantId: string, t: TriggerRecord) => this.#save(tenantId, t)),
        update: this.#db.transaction((tenantId: string, id: string, u: TriggerUpdate) => this.#update(tenantId, id, u)),
        remove: this.#db.transaction((tenantId: string, id: string) => {
          const removed = this.#s.delete.run(tenantId, id).changes > 0
          if (removed) {
            this.#s.deleteTicks.run(tenantId, id)
            this.#s.deleteDeliveries.run(tenantId, id)
          }
          return removed
        }),
      }
    }
    return this.#tx
  }

  #run<T>(fn: () => T): T {
    return translateErrors(fn, this.#busyMs)
  }

  #get(sql: 'byId' | 'byName' | 'byPath', tenantId: string, key: string): TriggerRecord | undefined {
    const row = this.#s[sql].get(tenantId, key) as TriggerRow | undefined
    return row === undefined ? undefined : fromRow(row)
  }

  #checkPath(tenantId: string, path: string | undefined, self: string | undefined): void {
    if (path === undefined) return
    const owner = this.#get('byPath', tenantId, path)
    if (owner !== undefined && owner.id !== self) throw conflict('webhook_path', path, owner.id)
  }

  #save(tenantId: string, trigger: TriggerRecord): SaveTriggerResult {
    const existing = this.#get('byName', tenantId, triggerNameKey(trigger.name))
    this.#checkPath(tenantId, trigger.webhookPath, existing?.id)
    if (existing === undefined) {
      this.#s.insert.run({
        ...definitionParams(tenantId, trigger.id, trigger),
        created_at: trigger.createdAt,
        last_run_at: trigger.lastRunAt ?? null,
        last_execution_id: trigger.lastExecutionId ?? null,
        scheduled_through: trigger.scheduledThrough ?? null,
      })
      return { trigger: this.#get('byId', tenantId, trigger.id) as TriggerRecord, created: true }
    }
    this.#s.update.run(definitionParams(tenantId, existing.id, trigger))
    return { trigger: this.#get('byId', tenantId, existing.id) as TriggerRecord, created: false, previous: existing }
  }

  #update(tenantId: string, id: string, update: TriggerUpdate): TriggerRecord | undefined {
    if (this.#get('byId', tenantId, id) === undefined) return undefined
    const nameOwner = this.#get('byName', tenantId, triggerNameKey(update.name))
    if (nameOwner !== undefined && nameOwner.id !== id) throw conflict('name', update.name, nameOwner.id)
    this.#checkPath(tenantId, update.webhookPath, id)
    this.#s.update.run(definitionParams(tenantId, id, update))
    return this.#get('byId', tenantId, id)
  }

  async saveTrigger(tenantId: string, trigger: TriggerRecord): Promise<SaveTriggerResult> {
    return this.#run(() => this.#transactions.save.immediate(tenantId, trigger))
  }

  async updateTrigger(tenantId: string, triggerId: string, update: TriggerUpdate): Promise<TriggerRecord | undefined> {
    return this.#run(() => this.#transactions.update.immediate(tenantId, triggerId, update))
  }

  async getTrigger(tenantId: string, triggerId: string): Promise<TriggerRecord | undefined> {
    return this.#run(() => this.#get('byId', tenantId, triggerId))
  }

  async findTriggerByWebhookPath(tenantId: string, path: string): Promise<TriggerRecord | undefined> {
    return this.#run(() => this.#get('byPath', tenantId, path))
  }

  async listTriggers(tenantId: string, filter: TriggerFilter = {}): Promise<TriggerRecord[]> {
    const where = ['tenant_id = @tenant_id']
    const params: Record<string, unknown> = { tenant_id: tenantId }
    if (filter.type !== undefined) {
      where.push('type = @type')
      params.type = filter.type
    }
    if (filter.workflowId !== undefined) {
      where.push('workflow_id = @workflow_id')
      params.workflow_id = filter.workflowId
    }
    if (filter.enabled !== undefined) {
      where.push('enabled = @enabled')
      params.enabled = filter.enabled ? 1 : 0
    }
    const key = where.join(' AND ')
    let statement = this.#listQueries.get(key)
    if (statement === undefined) {
      statement = this.#db.prepare(`${SELECT} WHERE ${key} ORDER BY name_key, id`)
      this.#listQueries.set(key, statement)
    }
    const query = statement
    return this.#run(() => (query.all(params) as TriggerRow[]).map(fromRow))
  }

  async deleteTrigger(tenantId: string, triggerId: string): Promise<boolean> {
    return this.#run(() => this.#transactions.remove.immediate(tenantId, triggerId))
  }

  async recordTriggerRun(tenantId: string, triggerId: string, run: TriggerRunUpdate): Promise<void> {
    this.#run(() =>
      this.#s.recordRun.run({
        tenant_id: tenantId,
        id: triggerId,
        last_run_at: run.lastRunAt ?? null,
        last_execution_id: run.lastExecutionId ?? null,
        scheduled_through: run.scheduledThrough ?? null,
      }),
    )
  }

  async claimScheduleTick(tenantId: string, triggerId: string, tick: string): Promise<boolean> {
    return this.#run(() => this.#s.claimTick.run(tenantId, triggerId, tick).changes === 1)
  }

  async releaseScheduleTick(tenantId: string, triggerId: string, tick: string): Promise<void> {
    this.#run(() => this.#s.releaseTick.run(tenantId, triggerId, tick))
  }

  async appendDelivery(tenantId: string, delivery: TriggerDelivery): Promise<void> {
    this.#run(() =>
      this.#s.appendDelivery.run(tenantId, delivery.id, delivery.triggerId, delivery.receivedAt, delivery.deliveryId ?? null, JSON.stringify(delivery)),
    )
  }

  async listDeliveries(tenantId: string, triggerId: string, options: DeliveryListOptions = {}): Promise<DeliveryPage> {
    const limit = deliveryPageSize(options.limit)
    return this.#run(() => {
      const where = ['tenant_id = @tenant_id', 'trigger_id = @trigger_id']
      const params: Record<string, unknown> = { tenant_id: tenantId, trigger_id: triggerId, limit: limit + 1 }
      if (options.deliveryId !== undefined) {
        where.push('delivery_id = @delivery_id')
        params.delivery_id = options.deliveryId
      }
      if (options.before !== undefined) {
        const cursor = this.#s.deliveryCursor.get(tenantId, triggerId, options.before) as { received_at: string; id: string } | undefined
        if (cursor === undefined) {
          where.push('received_at < @before')
          params.before = options.before
        } else {
          where.push('(received_at < @cursor_at OR (received_at = @cursor_at AND id < @cursor_id))')
          params.cursor_at = cursor.received_at
          params.cursor_id = cursor.id
        }
      }
      const key = `deliveries:${where.join(' AND ')}`
      let statement = this.#listQueries.get(key)
      if (statement === undefined) {
        statement = this.#db.prepare(`SELECT body FROM stepwise_trigger_deliveries WHERE ${where.join(' AND ')} ORDER BY received_at DESC, id DESC LIMIT @limit`)
        this.#listQueries.set(key, statement)
      }
      const rows = statement.all(params) as { body: string }[]
      const deliveries = rows.slice(0, limit).map((row) => JSON.parse(row.body) as TriggerDelivery)
      return { deliveries, hasMore: rows.length > limit }
    })
  }
}
