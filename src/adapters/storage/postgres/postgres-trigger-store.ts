import { createHash } from 'node:crypto'
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
import { PostgresProposalStore } from './postgres-proposal-store.js'
import type { PgClientLike, PgQueryConfigLike } from './pg-types.js'

interface TriggerRow {
  id: string
  name: string
  type: string
  workflow_id: string | null
  enabled: boolean
  config: string
  webhook_path: string | null
  created_at: string
  updated_at: string
  last_run_at: string | null
  last_execution_id: string | null
  scheduled_through: string | null
}

/** Runs one statement on some connection, after the schema is ready (errors mapped). */
export type PgTriggerQuery = <R>(statement: PgQueryConfigLike, values: unknown[]) => Promise<R[]>

/** What the trigger store needs from the adapter: its schema, statements on the pool, and transactions. */
export interface PostgresTriggerStoreHost {
  /** The (validated) schema. */
  readonly schema: string
  /** Runs one statement. */
  query: PgTriggerQuery
  /** Runs `fn` in a transaction on one connection (errors mapped). */
  transaction<T>(fn: (client: PgClientLike) => Promise<T>): Promise<T>
}

const COLUMNS = 'id, name, type, workflow_id, enabled, config, webhook_path, created_at, updated_at, last_run_at, last_execution_id, scheduled_through'

function buildTriggerStatements(schema: string) {
  const s = `"${schema}".`
  const tag = createHash('sha1').update(schema).digest('hex').slice(0, 8)
  const named = (name: string, text: string): PgQueryConfigLike => ({ name: `sw_${tag}_trg_${name}`, text })
  const select = `SELECT ${COLUMNS} FROM ${s}stepwise_triggers`
  return {
    s,
    tag,
    select,
    /** Serialises trigger definition writes of one tenant (names and paths are checked, then written). */
    lock: named('lock', 'SELECT pg_advisory_xact_lock(hashtextextended($1, 2))'),
    byId: named('by_id', `${select} WHERE tenant_id = $1 AND id = $2`),
    byName: named('by_name', `${select} WHERE tenant_id = $1 AND name_key = $2`),
    byPath: named('by_path', `${select} WHERE tenant_id = $1 AND webhook_path = $2`),
    insert: named(
      'insert',
      `INSERT INTO ${s}stepwise_triggers (tenant_id, id, name, name_key, type, workflow_id, enabled, config, webhook_path, updated_at,
         created_at, last_run_at, last_execution_id, scheduled_through)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    ),
    update: named(
      'update',
      `UPDATE ${s}stepwise_triggers SET name = $3, name_key = $4, type = $5, workflow_id = $6, enabled = $7, config = $8,
         webhook_path = $9, updated_at = $10
       WHERE tenant_id = $1 AND id = $2`,
    ),
    delete: named('delete', `DELETE FROM ${s}stepwise_triggers WHERE tenant_id = $1 AND id = $2`),
    deleteTicks: named('delete_ticks', `DELETE FROM ${s}stepwise_schedule_ticks WHERE tenant_id = $1 AND trigger_id = $2`),
    deleteDeliveries: named('delete_deliveries', `DELETE FROM ${s}stepwise_trigger_deliveries WHERE tenant_id = $1 AND trigger_id = $2`),
    // SET expressions read the row as it was before the update.
    recordRun: named(
      'record_run',
      `UPDATE ${s}stepwise_triggers SET
         last_execution_id = CASE WHEN $3::text IS NOT NULL AND $4::text IS NOT NULL
           AND (last_run_at IS NULL OR $3::text >= last_run_at) THEN $4::text ELSE last_execution_id END,
         last_run_at = CASE WHEN $3::text IS NOT NULL AND (last_run_at IS NULL OR $3::text >= last_run_at) THEN $3::text ELSE last_run_at END,
         scheduled_through = CASE WHEN $5::text IS NOT NULL AND (scheduled_through IS NULL OR $5::text > scheduled_through)
           THEN $5::text ELSE scheduled_through END
       WHERE tenant_id = $1 AND id = $2`,
    ),
    claimTick: named(
      'claim_tick',
      `INSERT INTO ${s}stepwise_schedule_ticks (tenant_id, trigger_id, tick) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING tick`,
    ),
    releaseTick: named('release_tick', `DELETE FROM ${s}stepwise_schedule_ticks WHERE tenant_id = $1 AND trigger_id = $2 AND tick = $3`),
    appendDelivery: named(
      'append_delivery',
      `INSERT INTO ${s}stepwise_trigger_deliveries (tenant_id, id, trigger_id, received_at, delivery_id, body) VALUES ($1, $2, $3, $4, $5, $6)`,
    ),
    deliveryCursor: named(
      'delivery_cursor',
      `SELECT received_at, id FROM ${s}stepwise_trigger_deliveries WHERE tenant_id = $1 AND trigger_id = $2 AND id = $3`,
    ),
  }
}

type TriggerStatements = ReturnType<typeof buildTriggerStatements>
type Query = PgTriggerQuery

function fromRow(row: TriggerRow): TriggerRecord {
  const record: Record<string, unknown> = {
    id: row.id,
    name: row.name,
    type: row.type,
    enabled: row.enabled,
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

/** `$1..$10` of the insert and update statements (the insert appends `created_at` and the bookkeeping). */
function definitionValues(tenantId: string, id: string, t: TriggerUpdate): unknown[] {
  return [
    tenantId,
    id,
    t.name,
    triggerNameKey(t.name),
    t.type,
    t.workflowId ?? null,
    t.enabled,
    JSON.stringify(t.config ?? {}),
    t.webhookPath ?? null,
    t.updatedAt,
  ]
}

function conflict(kind: 'name' | 'webhook_path', value: string, owner: string): StepwiseError {
  const what = kind === 'name' ? `name "${value}"` : `webhook path "${value}"`
  return new StepwiseError('STORAGE_CONFLICT', `Trigger ${owner} already has the ${what}.`, { retryable: false, details: { conflict: kind, triggerId: owner } })
}

/**
 * The trigger half of `postgresStorage()` ({@link TriggerStorageV1}), on the adapter's pool.
 * Definition writes (save, update) run in a transaction holding a per-tenant advisory lock, so
 * the name and path checks and the write are atomic across processes; the unique constraints
 * back them. A tick claim is one `INSERT … ON CONFLICT DO NOTHING` on its primary key.
 */
export class PostgresTriggerStore extends PostgresProposalStore implements TriggerStorageV1 {
  readonly #host: PostgresTriggerStoreHost
  readonly #sql: TriggerStatements

  constructor(host: PostgresTriggerStoreHost) {
    super(host.schema, host.query)
    this.#host = host
    this.#sql = buildTriggerStatements(host.schema)
  }

  #lockKey(tenantId: string): string {
    return JSON.stringify([this.#host.schema, tenantId, 'triggers'])
  }

  async #get(q: Query, statement: 'byId' | 'byName' | 'byPath', tenantId: string, key: string): Promise<TriggerRecord | undefined> {
    const [row] = await q<TriggerRow>(this.#sql[statement], [tenantId, key])
    return row === undefined ? undefined : fromRow(row)
  }

  /** A transaction's statement runner, holding the tenant's trigger lock. */
  #locked<T>(tenantId: string, fn: (q: Query) => Promise<T>): Promise<T> {
    return this.#host.transaction(async (client) => {
      const q: Query = async <R>(statement: PgQueryConfigLike, values: unknown[]) => (await client.query<R>({ ...statement, values })).rows
      await q(this.#sql.lock, [this.#lockKey(tenantId)])
      return fn(q)
    })
  }

  async #checkPath(q: Query, tenantId: string, path: string | undefined, self: string | undefined): Promise<void> {
    if (path === undefined) return
    const owner = await this.#get(q, 'byPath', tenantId, path)
    if (owner !== undefined && owner.id !== self) throw conflict('webhook_path', path, owner.id)
  }

  saveTrigger(tenantId: string, trigger: TriggerRecord): Promise<SaveTriggerResult> {
    return this.#locked(tenantId, async (q) => {
      const existing = await this.#get(q, 'byName', tenantId, triggerNameKey(trigger.name))
      await this.#checkPath(q, tenantId, trigger.webhookPath, existing?.id)
      if (existing === undefined) {
        await q(this.#sql.insert, [
          ...definitionValues(tenantId, trigger.id, trigger),
          trigger.createdAt,
          trigger.lastRunAt ?? null,
          trigger.lastExecutionId ?? null,
          trigger.scheduledThrough ?? null,
        ])
        return { trigger: (await this.#get(q, 'byId', tenantId, trigger.id)) as TriggerRecord, created: true }
      }
      await q(this.#sql.update, definitionValues(tenantId, existing.id, trigger))
      return { trigger: (await this.#get(q, 'byId', tenantId, existing.id)) as TriggerRecord, created: false, previous: existing }
    })
  }

  updateTrigger(tenantId: string, triggerId: string, update: TriggerUpdate): Promise<TriggerRecord | undefined> {
    return this.#locked(tenantId, async (q) => {
      if ((await this.#get(q, 'byId', tenantId, triggerId)) === undefined) return undefined
      const nameOwner = await this.#get(q, 'byName', tenantId, triggerNameKey(update.name))
      if (nameOwner !== undefined && nameOwner.id !== triggerId) throw conflict('name', update.name, nameOwner.id)
      await this.#checkPath(q, tenantId, update.webhookPath, triggerId)
      await q(this.#sql.update, definitionValues(tenantId, triggerId, update))
      return this.#get(q, 'byId', tenantId, triggerId)
    })
  }

  getTrigger(tenantId: string, triggerId: string): Promise<TriggerRecord | undefined> {
    return this.#get(this.#host.query, 'byId', tenantId, triggerId)
  }

  findTriggerByWebhookPath(tenantId: string, path: string): Promise<TriggerRecord | undefined> {
    return this.#get(this.#host.query, 'byPath', tenantId, path)
  }

  async listTriggers(tenantId: string, filter: TriggerFilter = {}): Promise<TriggerRecord[]> {
    const where = ['tenant_id = $1']
    const values: unknown[] = [tenantId]
    const add = (column: string, value: unknown): void => {
      values.push(value)
      where.push(`${column} = $${values.length}`)
    }
    if (filter.type !== undefined) add('type', filter.type)
    if (filter.workflowId !== undefined) add('workflow_id', filter.workflowId)
    if (filter.enabled !== undefined) add('enabled', filter.enabled)
    const flags = `${filter.type === undefined ? 0 : 1}${filter.workflowId === undefined ? 0 : 1}${filter.enabled === undefined ? 0 : 1}`
    const statement = { name: `sw_${this.#sql.tag}_trg_list_${flags}`, text: `${this.#sql.select} WHERE ${where.join(' AND ')} ORDER BY name_key, id` }
    return (await this.#host.query<TriggerRow>(statement, values)).map(fromRow)
  }

  deleteTrigger(tenantId: string, triggerId: string): Promise<boolean> {
    return this.#host.transaction(async (client) => {
      const removed = ((await client.query({ ...this.#sql.delete, values: [tenantId, triggerId] })).rowCount ?? 0) > 0
      if (removed) {
        await client.query({ ...this.#sql.deleteTicks, values: [tenantId, triggerId] })
        await client.query({ ...this.#sql.deleteDeliveries, values: [tenantId, triggerId] })
      }
      return removed
    })
  }

  async recordTriggerRun(tenantId: string, triggerId: string, run: TriggerRunUpdate): Promise<void> {
    await this.#host.query(this.#sql.recordRun, [tenantId, triggerId, run.lastRunAt ?? null, run.lastExecutionId ?? null, run.scheduledThrough ?? null])
  }

  async claimScheduleTick(tenantId: string, triggerId: string, tick: string): Promise<boolean> {
    return (await this.#host.query(this.#sql.claimTick, [tenantId, triggerId, tick])).length === 1
  }

  async releaseScheduleTick(tenantId: string, triggerId: string, tick: string): Promise<void> {
    await this.#host.query(this.#sql.releaseTick, [tenantId, triggerId, tick])
  }

  async appendDelivery(tenantId: string, delivery: TriggerDelivery): Promise<void> {
    await this.#host.query(this.#sql.appendDelivery, [
      tenantId,
      delivery.id,
      delivery.triggerId,
      delivery.receivedAt,
      delivery.deliveryId ?? null,
      JSON.stringify(delivery),
    ])
  }

  async listDeliveries(tenantId: string, triggerId: string, options: DeliveryListOptions = {}): Promise<DeliveryPage> {
    const limit = deliveryPageSize(options.limit)
    const where = ['tenant_id = $1', 'trigger_id = $2']
    const values: unknown[] = [tenantId, triggerId]
    const param = (value: unknown): string => {
      values.push(value)
      return `$${values.length}`
    }
    let shape = options.deliveryId === undefined ? 'a' : 'd'
    if (options.deliveryId !== undefined) where.push(`delivery_id = ${param(options.deliveryId)}`)
    if (options.before !== undefined) {
      const [cursor] = await this.#host.query<{ received_at: string; id: string }>(this.#sql.deliveryCursor, [tenantId, triggerId, options.before])
      if (cursor === undefined) {
        where.push(`received_at < ${param(options.before)}`)
        shape += 't'
      } else {
        const at = param(cursor.received_at)
        where.push(`(received_at < ${at} OR (received_at = ${at} AND id < ${param(cursor.id)}))`)
        shape += 'c'
      }
    }
    const text = `SELECT body FROM ${this.#sql.s}stepwise_trigger_deliveries WHERE ${where.join(' AND ')}
      ORDER BY received_at DESC, id DESC LIMIT ${param(limit + 1)}`
    const rows = await this.#host.query<{ body: string }>({ name: `sw_${this.#sql.tag}_trg_deliveries_${shape}`, text }, values)
    const deliveries = rows.slice(0, limit).map((row) => JSON.parse(row.body) as TriggerDelivery)
    return { deliveries, hasMore: rows.length > limit }
  }
}
