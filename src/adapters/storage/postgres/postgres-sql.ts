import { createHash } from 'node:crypto'
import type { PgQueryConfigLike } from './pg-types.js'

const TERMINAL = `('completed', 'failed', 'cancelled')`

const STEP_COLUMNS = 'execution_id, step_id, iteration_path, attempt, step_type, status, input, output, error, waiting_for, started_at, ended_at'
/** The step-row upsert shared by both commit statements. */
const STEP_UPSERT = `ON CONFLICT (tenant_id, execution_id, step_id, iteration_path, attempt) DO UPDATE SET
      step_type = excluded.step_type, status = excluded.status, input = excluded.input, output = excluded.output,
      error = excluded.error, waiting_for = excluded.waiting_for, started_at = excluded.started_at, ended_at = excluded.ended_at
    RETURNING 1`

/** The events CTE of both commit statements; `first` is the number of its first parameter (seqs, types, bodies follow). */
function eventsCte(s: string, first: number): string {
  return `events AS (
    INSERT INTO ${s}stepwise_events (tenant_id, execution_id, seq, type, body)
    SELECT $1, $2, r.seq, r.type, r.body FROM unnest($${first}::integer[], $${first + 1}::text[], $${first + 2}::text[]) AS r(seq, type, body)
    WHERE EXISTS (SELECT 1 FROM head)
    RETURNING 1`
}

const APPROVAL_COLUMNS =
  'execution_id, step_id, iteration_path, token, prompt, approvers, status, decision, created_at, expires_at::float8 AS expires_at'

/** NOTIFY channels of one schema. */
export interface PostgresChannels {
  /** Committed events: payload `{t, e, s}` (tenant, execution, highest seq). */
  events: string
  /** Work that may be due: payload `{t, e}` (tenant, execution). */
  work: string
}

/** The NOTIFY channels of a schema (quoted in LISTEN, so any characters are fine). */
export function channelsOf(schema: string): PostgresChannels {
  return { events: `stepwise:${schema}:events`, work: `stepwise:${schema}:work` }
}

/**
 * Builds every fixed statement of the adapter for one (validated) schema: table names are
 * schema-qualified, so an injected pool's `search_path` does not matter. Statements are named,
 * so node-postgres prepares each once per connection; names carry a hash of the schema, so two
 * adapters on different schemas can share one pool.
 */
export function buildStatements(schema: string) {
  const s = `"${schema}".`
  const tag = createHash('sha1').update(schema).digest('hex').slice(0, 8)
  const channels = channelsOf(schema)
  const named = (name: string, text: string): PgQueryConfigLike => ({ name: `sw_${tag}_${name}`, text })

  const executionSelect = `SELECT e.tenant_id, e.id, e.workflow_id, e.workflow_version, e.workflow_hash, e.status, e.idempotency_key,
    e.started_at, e.ended_at, e.last_seq, e.fence, e.lease_owner, e.lease_expires_at::float8 AS lease_expires_at,
    e.wake_at::float8 AS wake_at, e.cancel_reason,
    d.variables, d.outputs, d.output, d.error, d.waiting_for, d.trigger_info, d.retry_of`
  const executionFrom = `${s}stepwise_executions e JOIN ${s}stepwise_execution_data d ON d.tenant_id = e.tenant_id AND d.execution_id = e.id`

  return {
    schema,
    channels,
    /** SELECT of joined execution rows; append `WHERE …`. */
    executionQuery: `${executionSelect} FROM ${executionFrom}`,
    /** Prefix of the names of ad-hoc statements (listExecutions filters). */
    tag,

    putSnapshot: named('put_snapshot', `INSERT INTO ${s}stepwise_snapshots (tenant_id, hash, definition) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`),
    getSnapshot: named('get_snapshot', `SELECT definition FROM ${s}stepwise_snapshots WHERE tenant_id = $1 AND hash = $2`),

    getWorkflow: named('get_workflow', `SELECT id, version, hash, name, created_at, updated_at FROM ${s}stepwise_workflows WHERE tenant_id = $1 AND id = $2`),
    listWorkflows: named('list_workflows', `SELECT id, version, hash, name, created_at, updated_at FROM ${s}stepwise_workflows WHERE tenant_id = $1 ORDER BY id`),
    /** Serialises saves of one workflow (the head row may not exist yet, so a row lock cannot). */
    lockWorkflow: named('lock_workflow', `SELECT pg_advisory_xact_lock(hashtextextended($1, 1))`),
    upsertWorkflow: named(
      'upsert_workflow',
      `INSERT INTO ${s}stepwise_workflows (tenant_id, id, version, hash, name, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6)
       ON CONFLICT (tenant_id, id) DO UPDATE SET version = excluded.version, hash = excluded.hash, name = excluded.name,
         updated_at = excluded.updated_at
       RETURNING id, version, hash, name, created_at, updated_at`,
    ),
    deleteWorkflow: named('delete_workflow', `DELETE FROM ${s}stepwise_workflows WHERE tenant_id = $1 AND id = $2`),
    maxVersion: named('max_version', `SELECT MAX(version) AS version FROM ${s}stepwise_workflow_versions WHERE tenant_id = $1 AND workflow_id = $2`),
    getVersion: named(
      'get_version',
      `SELECT workflow_id, version, hash, source, author, notes, created_at FROM ${s}stepwise_workflow_versions
       WHERE tenant_id = $1 AND workflow_id = $2 AND version = $3`,
    ),
    insertVersion: named(
      'insert_version',
      `INSERT INTO ${s}stepwise_workflow_versions (tenant_id, workflow_id, version, hash, source, author, notes, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       RETURNING workflow_id, version, hash, source, author, notes, created_at`,
    ),
    listVersions: named(
      'list_versions',
      `SELECT workflow_id, version, hash, source, author, notes, created_at FROM ${s}stepwise_workflow_versions
       WHERE tenant_id = $1 AND workflow_id = $2 ORDER BY version DESC`,
    ),

    /**
     * Inserts an execution and its data row in one statement; the unique constraints (id,
     * idempotency key) make a duplicate insert nothing. Signals work on the created execution.
     */
    createExecution: named(
      'create_execution',
      `WITH ins AS (
         INSERT INTO ${s}stepwise_executions (tenant_id, id, workflow_id, workflow_version, workflow_hash, status, idempotency_key,
           started_at, ended_at, last_seq, fence, lease_owner, lease_expires_at, wake_at, cancel_reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         ON CONFLICT DO NOTHING
         RETURNING tenant_id, id
       ), data AS (
         INSERT INTO ${s}stepwise_execution_data (tenant_id, execution_id, variables, outputs, output, error, waiting_for, trigger_info, retry_of)
         SELECT tenant_id, id, $16, $17, $18, $19, $20, $21, $22 FROM ins
         RETURNING execution_id
       )
       SELECT execution_id, CASE WHEN $23::text IS NOT NULL THEN pg_notify('${channels.work}', $23) END AS notified FROM data`,
    ),
    getExecution: named('get_execution', `${executionSelect} FROM ${executionFrom} WHERE e.tenant_id = $1 AND e.id = $2`),
    findIdempotent: named(
      'find_idempotent',
      `${executionSelect} FROM ${executionFrom} WHERE e.tenant_id = $1 AND e.workflow_id = $2 AND e.idempotency_key = $3`,
    ),
    executionHead: named('execution_head', `SELECT fence, status, last_seq FROM ${s}stepwise_executions WHERE tenant_id = $1 AND id = $2`),

    /** Compare-and-set on the lease: free, expired, or already ours. Increments the fence. */
    claim: named(
      'claim',
      `WITH c AS (
         UPDATE ${s}stepwise_executions SET fence = fence + 1, lease_owner = $3, lease_expires_at = $4
         WHERE tenant_id = $1 AND id = $2 AND status NOT IN ${TERMINAL}
           AND (lease_owner IS NULL OR lease_owner = $3 OR COALESCE(lease_expires_at, 0) <= $5)
         RETURNING *
       )
       ${executionSelect} FROM c e JOIN ${s}stepwise_execution_data d ON d.tenant_id = e.tenant_id AND d.execution_id = e.id`,
    ),
    renew: named(
      'renew',
      `UPDATE ${s}stepwise_executions SET lease_expires_at = $5
       WHERE tenant_id = $1 AND id = $2 AND fence = $3 AND lease_owner = $4`,
    ),
    requestCancel: named(
      'request_cancel',
      `UPDATE ${s}stepwise_executions SET cancel_reason = $3
       WHERE tenant_id = $1 AND id = $2 AND status NOT IN ${TERMINAL} AND cancel_reason IS NULL
       RETURNING pg_notify('${channels.work}', $4) AS notified`,
    ),
    /**
     * Due executions. `FOR UPDATE SKIP LOCKED` keeps two pollers at the same instant from being
     * handed the same rows (the locks end with the statement; `claimExecution` still decides).
     */
    listDue: named(
      'list_due',
      `SELECT id, status FROM ${s}stepwise_executions
       WHERE tenant_id = $1 AND status IN ('pending', 'running', 'waiting')
         AND (lease_owner IS NULL OR COALESCE(lease_expires_at, 0) <= $2)
         AND (status <> 'waiting' OR wake_at <= $2 OR cancel_reason IS NOT NULL)
       ORDER BY started_at, id LIMIT $3
       FOR UPDATE SKIP LOCKED`,
    ),

    readEvents: named(
      'read_events',
      `SELECT body FROM ${s}stepwise_events WHERE tenant_id = $1 AND execution_id = $2 AND seq > $3 ORDER BY seq LIMIT $4`,
    ),
    listSteps: named('list_steps', `SELECT ${STEP_COLUMNS} FROM ${s}stepwise_steps WHERE tenant_id = $1 AND execution_id = $2 ORDER BY id`),

    getApproval: named(
      'get_approval',
      `SELECT ${APPROVAL_COLUMNS} FROM ${s}stepwise_approvals
       WHERE tenant_id = $1 AND execution_id = $2 AND step_id = $3 AND iteration_path = $4`,
    ),
    findApprovalByToken: named('find_approval', `SELECT ${APPROVAL_COLUMNS} FROM ${s}stepwise_approvals WHERE tenant_id = $1 AND token = $2`),
    listApprovals: named('list_approvals', `SELECT ${APPROVAL_COLUMNS} FROM ${s}stepwise_approvals WHERE tenant_id = $1 AND execution_id = $2 ORDER BY id`),
    /**
     * First decision wins (`status = 'pending'` is re-checked after a concurrent decider's row
     * lock is released); an applied decision makes a waiting execution due at once and signals work.
     */
    decideApproval: named(
      'decide_approval',
      `WITH decided AS (
         UPDATE ${s}stepwise_approvals SET status = $5, decision = $6
         WHERE tenant_id = $1 AND execution_id = $2 AND step_id = $3 AND iteration_path = $4 AND status = 'pending'
         RETURNING 1
       ), woken AS (
         UPDATE ${s}stepwise_executions SET wake_at = 0
         WHERE tenant_id = $1 AND id = $2 AND status = 'waiting' AND EXISTS (SELECT 1 FROM decided)
         RETURNING 1
       )
       SELECT pg_notify('${channels.work}', $7) AS notified FROM decided`,
    ),

    commit: named('commit', commitSql(s, channels)),
    commitStep: named('commit_step', commitStepSql(s, channels)),

    /** Watcher rows (see the migrations): one per (execution, listening process), kept alive by refresh. */
    watch: named(
      'watch',
      `INSERT INTO ${s}stepwise_event_watchers (tenant_id, execution_id, watcher_id, expires_at)
       SELECT r.t, r.e, $3, now() + make_interval(secs => $4) FROM unnest($1::text[], $2::text[]) AS r(t, e)
       ON CONFLICT (tenant_id, execution_id, watcher_id) DO UPDATE SET expires_at = excluded.expires_at`,
    ),
    unwatch: named(
      'unwatch',
      `DELETE FROM ${s}stepwise_event_watchers w USING unnest($1::text[], $2::text[]) AS r(t, e)
       WHERE w.tenant_id = r.t AND w.execution_id = r.e AND w.watcher_id = $3`,
    ),
    refreshWatches: named(
      'refresh_watches',
      `UPDATE ${s}stepwise_event_watchers SET expires_at = now() + make_interval(secs => $2) WHERE watcher_id = $1`,
    ),
    unwatchAll: named('unwatch_all', `DELETE FROM ${s}stepwise_event_watchers WHERE watcher_id = $1 OR expires_at < now()`),
  }
}

/** The statements of one schema. */
export type PostgresStatements = ReturnType<typeof buildStatements>

/**
 * One journal commit as ONE statement (one implicit transaction, one round trip):
 * `head` is the compare-and-set on the fence (and on `last_seq` when events are appended); every
 * other write is gated on it, so a stale fence, a terminal execution or a seq gap writes nothing
 * (the caller then reads the head to say which). A constraint or the settled-step trigger
 * failing aborts the whole statement. NOTIFYs are part of the transaction: delivered on commit only.
 * Events are NOTIFYed only when some process watches the execution: a NOTIFY serialises commits
 * cluster-wide (PostgreSQL holds a global lock from pre-commit until the commit is flushed),
 * which halved commit throughput when every step commit notified.
 *
 * Parameters: $1 tenant, $2 execution, $3 fence, $4 status, $5 ended_at, $6 wake_at,
 * $7 terminal, $8 clearWaiting, $9 release lease, $10 expected last_seq (null: no events),
 * $11 new last_seq, $12..$22 step columns (arrays), $23..$25 event columns (arrays),
 * $26..$34 approval columns (arrays), $35 patch the data row?, $36 outputs, $37 output, $38 error,
 * $39 waiting_for, $40 events NOTIFY payload, $41 work NOTIFY payload.
 */
function commitSql(s: string, channels: PostgresChannels): string {
  return `WITH head AS (
    UPDATE ${s}stepwise_executions SET
      status = COALESCE($4::text, status),
      ended_at = COALESCE($5::text, ended_at),
      wake_at = CASE WHEN $7::boolean THEN NULL WHEN $6::bigint IS NOT NULL THEN $6::bigint WHEN $8::boolean THEN NULL ELSE wake_at END,
      cancel_reason = CASE WHEN $7::boolean THEN NULL ELSE cancel_reason END,
      lease_owner = CASE WHEN $9::boolean THEN NULL ELSE lease_owner END,
      lease_expires_at = CASE WHEN $9::boolean THEN NULL ELSE lease_expires_at END,
      last_seq = COALESCE($11::integer, last_seq)
    WHERE tenant_id = $1 AND id = $2 AND fence = $3::integer AND status NOT IN ${TERMINAL}
      AND ($10::integer IS NULL OR last_seq = $10::integer)
    RETURNING cancel_reason
  ), steps AS (
    INSERT INTO ${s}stepwise_steps AS old (tenant_id, ${STEP_COLUMNS})
    SELECT $1, $2, r.step_id, r.iteration_path, r.attempt, r.step_type, r.status, r.input, r.output, r.error, r.waiting_for,
      r.started_at, r.ended_at
    FROM unnest($12::text[], $13::text[], $14::integer[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[],
      $20::text[], $21::text[], $22::text[]) WITH ORDINALITY
      AS r(step_id, iteration_path, attempt, step_type, status, input, output, error, waiting_for, started_at, ended_at, ord)
    WHERE EXISTS (SELECT 1 FROM head)
    ORDER BY r.ord
    ${STEP_UPSERT}
  ), ${eventsCte(s, 23)}
  ), approvals AS (
    INSERT INTO ${s}stepwise_approvals AS old (tenant_id, execution_id, step_id, iteration_path, token, prompt, approvers, status,
      decision, created_at, expires_at)
    SELECT $1, $2, r.step_id, r.iteration_path, r.token, r.prompt, r.approvers, r.status, r.decision, r.created_at, r.expires_at
    FROM unnest($26::text[], $27::text[], $28::text[], $29::text[], $30::text[], $31::text[], $32::text[], $33::text[],
      $34::bigint[]) AS r(step_id, iteration_path, token, prompt, approvers, status, decision, created_at, expires_at)
    WHERE EXISTS (SELECT 1 FROM head)
    ON CONFLICT (tenant_id, execution_id, step_id, iteration_path) DO UPDATE SET
      token = excluded.token, prompt = excluded.prompt, approvers = excluded.approvers, status = excluded.status,
      decision = excluded.decision, created_at = excluded.created_at, expires_at = excluded.expires_at
    RETURNING 1
  ), data AS (
    UPDATE ${s}stepwise_execution_data SET
      outputs = COALESCE($36::text, outputs),
      output = COALESCE($37::text, output),
      error = COALESCE($38::text, error),
      waiting_for = COALESCE($39::text, CASE WHEN $8::boolean THEN NULL ELSE waiting_for END)
    WHERE tenant_id = $1 AND execution_id = $2 AND $35::boolean AND EXISTS (SELECT 1 FROM head)
    RETURNING 1
  )
  SELECT cancel_reason,
    CASE WHEN $40::text IS NOT NULL AND EXISTS (
      SELECT 1 FROM ${s}stepwise_event_watchers w WHERE w.tenant_id = $1 AND w.execution_id = $2 AND w.expires_at > now()
    ) THEN pg_notify('${channels.events}', $40::text) END AS events_notified,
    CASE WHEN $41::text IS NOT NULL THEN pg_notify('${channels.work}', $41::text) END AS work_notified
  FROM head`
}

/**
 * The common per-step commit, leaner (fewer parameters, no array decoding for the row): at most
 * one step row, events, no execution patch, approvals or lease release. Same checks as `commitSql`.
 *
 * Parameters: $1 tenant, $2 execution, $3 fence, $4 expected last_seq (null: no events),
 * $5 new last_seq, $6..$16 the step row's columns ($6 null: no row), $17..$19 event columns
 * (arrays), $20 events NOTIFY payload.
 */
function commitStepSql(s: string, channels: PostgresChannels): string {
  return `WITH head AS (
    UPDATE ${s}stepwise_executions SET last_seq = COALESCE($5::integer, last_seq)
    WHERE tenant_id = $1 AND id = $2 AND fence = $3::integer AND status NOT IN ${TERMINAL}
      AND ($4::integer IS NULL OR last_seq = $4::integer)
    RETURNING cancel_reason
  ), steps AS (
    INSERT INTO ${s}stepwise_steps AS old (tenant_id, ${STEP_COLUMNS})
    SELECT $1, $2, $6::text, $7::text, $8::integer, $9::text, $10::text, $11::text, $12::text, $13::text, $14::text, $15::text, $16::text
    WHERE $6::text IS NOT NULL AND EXISTS (SELECT 1 FROM head)
    ${STEP_UPSERT}
  ), ${eventsCte(s, 17)}
  )
  SELECT cancel_reason,
    CASE WHEN $20::text IS NOT NULL AND EXISTS (
      SELECT 1 FROM ${s}stepwise_event_watchers w WHERE w.tenant_id = $1 AND w.execution_id = $2 AND w.expires_at > now()
    ) THEN pg_notify('${channels.events}', $20::text) END AS events_notified
  FROM head`
}
