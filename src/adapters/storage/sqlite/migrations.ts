import type BetterSqlite3 from 'better-sqlite3'
import { StepwiseError } from '../../../errors/stepwise-error.js'

/**
 * The SQLite schema as an ordered list of migrations: entry `i` brings the schema to version
 * `i + 1`. Entries are append-only: never edit a released one, add a new one instead.
 *
 * Layout (every table keyed by `tenant_id` first):
 * - `stepwise_executions` holds the small, often-written columns (status, lease, fence, seq);
 *   `stepwise_execution_data` the JSON bodies (variables, outputs, error, waitingFor, …), written
 *   at creation and when the execution settles, so a per-step commit never rewrites them.
 * - `stepwise_steps` has one row per step instance; `stepwise_events` one row per event with
 *   PRIMARY KEY (tenant_id, execution_id, seq), so a duplicate seq cannot exist (from version 3 a
 *   run of streamed deltas of one agent turn shares a row, keyed by its last seq).
 * - Unique constraints back every dedup: idempotency key per workflow, version number per
 *   workflow, approval per step instance, approval token per tenant; trigger name (lower-cased)
 *   and webhook path per tenant, one `stepwise_schedule_ticks` row per `(trigger, tick)`.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE stepwise_snapshots (
    tenant_id TEXT NOT NULL,
    hash TEXT NOT NULL,
    definition TEXT NOT NULL,
    PRIMARY KEY (tenant_id, hash)
  ) WITHOUT ROWID;

  CREATE TABLE stepwise_workflows (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    hash TEXT NOT NULL,
    name TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
  ) WITHOUT ROWID;

  CREATE TABLE stepwise_workflow_versions (
    tenant_id TEXT NOT NULL,
    workflow_id TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    hash TEXT NOT NULL,
    source TEXT NOT NULL,
    author TEXT,
    notes TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, workflow_id, version)
  ) WITHOUT ROWID;

  CREATE TABLE stepwise_executions (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    workflow_id TEXT NOT NULL,
    workflow_version INTEGER NOT NULL,
    workflow_hash TEXT NOT NULL,
    status TEXT NOT NULL,
    idempotency_key TEXT,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    last_seq INTEGER NOT NULL DEFAULT 0,
    fence INTEGER NOT NULL DEFAULT 0,
    lease_owner TEXT,
    lease_expires_at INTEGER,
    wake_at INTEGER,
    cancel_reason TEXT,
    PRIMARY KEY (tenant_id, id)
  );
  CREATE UNIQUE INDEX stepwise_executions_idempotency
    ON stepwise_executions (tenant_id, workflow_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
  CREATE INDEX stepwise_executions_started ON stepwise_executions (tenant_id, started_at DESC, id DESC);
  CREATE INDEX stepwise_executions_workflow_started
    ON stepwise_executions (tenant_id, workflow_id, started_at DESC, id DESC);
  CREATE INDEX stepwise_executions_live
    ON stepwise_executions (tenant_id, wake_at) WHERE status IN ('pending', 'running', 'waiting');

  CREATE TABLE stepwise_execution_data (
    tenant_id TEXT NOT NULL,
    execution_id TEXT NOT NULL,
    variables TEXT NOT NULL,
    outputs TEXT NOT NULL,
    output TEXT,
    error TEXT,
    waiting_for TEXT,
    trigger_info TEXT,
    retry_of TEXT,
    PRIMARY KEY (tenant_id, execution_id)
  ) WITHOUT ROWID;

  CREATE TABLE stepwise_steps (
    tenant_id TEXT NOT NULL,
    execution_id TEXT NOT NULL,
    step_id TEXT NOT NULL,
    iteration_path TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    step_type TEXT NOT NULL,
    status TEXT NOT NULL,
    input TEXT,
    output TEXT,
    error TEXT,
    waiting_for TEXT,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    UNIQUE (tenant_id, execution_id, step_id, iteration_path, attempt)
  );

  CREATE TABLE stepwise_events (
    tenant_id TEXT NOT NULL,
    execution_id TEXT NOT NULL,
    seq INTEGER NOT NULL CHECK (seq >= 1),
    type TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (tenant_id, execution_id, seq)
  ) WITHOUT ROWID;

  CREATE TABLE stepwise_approvals (
    tenant_id TEXT NOT NULL,
    execution_id TEXT NOT NULL,
    step_id TEXT NOT NULL,
    iteration_path TEXT NOT NULL,
    token TEXT NOT NULL,
    prompt TEXT NOT NULL,
    approvers TEXT,
    status TEXT NOT NULL,
    decision TEXT,
    created_at TEXT NOT NULL,
    expires_at INTEGER,
    UNIQUE (tenant_id, execution_id, step_id, iteration_path)
  );
  CREATE UNIQUE INDEX stepwise_approvals_token ON stepwise_approvals (tenant_id, token);
  `,
  // 2: triggers, schedule tick claims, delivery log.
  `
  CREATE TABLE stepwise_triggers (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    type TEXT NOT NULL,
    workflow_id TEXT,
    enabled INTEGER NOT NULL,
    config TEXT NOT NULL,
    webhook_path TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    last_run_at TEXT,
    last_execution_id TEXT,
    scheduled_through TEXT,
    PRIMARY KEY (tenant_id, id)
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX stepwise_triggers_name ON stepwise_triggers (tenant_id, name_key);
  CREATE UNIQUE INDEX stepwise_triggers_webhook_path ON stepwise_triggers (tenant_id, webhook_path) WHERE webhook_path IS NOT NULL;
  CREATE INDEX stepwise_triggers_type ON stepwise_triggers (tenant_id, type, enabled);

  CREATE TABLE stepwise_schedule_ticks (
    tenant_id TEXT NOT NULL,
    trigger_id TEXT NOT NULL,
    tick TEXT NOT NULL,
    PRIMARY KEY (tenant_id, trigger_id, tick)
  ) WITHOUT ROWID;

  CREATE TABLE stepwise_trigger_deliveries (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    trigger_id TEXT NOT NULL,
    received_at TEXT NOT NULL,
    delivery_id TEXT,
    body TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
  ) WITHOUT ROWID;
  CREATE INDEX stepwise_trigger_deliveries_page ON stepwise_trigger_deliveries (tenant_id, trigger_id, received_at DESC, id DESC);
  CREATE INDEX stepwise_trigger_deliveries_delivery
    ON stepwise_trigger_deliveries (tenant_id, trigger_id, delivery_id) WHERE delivery_id IS NOT NULL;
  `,
  // 2: proposals (one row per proposal; the record as JSON, the status for compare-and-set).
  `
  CREATE TABLE stepwise_proposals (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    workflow_id TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
  ) WITHOUT ROWID;
  CREATE INDEX stepwise_proposals_workflow ON stepwise_proposals (tenant_id, workflow_id, created_at DESC);
  `,  // 3: no table change. From here a stepwise_events row may hold a run of streamed deltas of one
  // agent turn, keyed by its last seq (see event-rows.ts): the version keeps older releases, which
  // would misread such a row, off the database.
  `SELECT 1`,
]

/** Creates the `stepwise_schema` table if needed and returns the file's schema version (0 when new). */
function currentVersion(db: BetterSqlite3.Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS stepwise_schema (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)')
  const row = db.prepare('SELECT MAX(version) AS version FROM stepwise_schema').get() as { version: number | null }
  return row.version ?? 0
}

/**
 * Brings the database to the newest schema in one write transaction, recording each applied
 * migration in `stepwise_schema`. Rejects with `CONFIGURATION_INVALID` when the file was written
 * by a newer stepwise (its schema version is higher than this code knows).
 *
 * @returns the schema version after migrating.
 */
export function migrateSqlite(db: BetterSqlite3.Database, migrations: readonly string[] = SQLITE_MIGRATIONS): number {
  const run = db.transaction(() => {
    const from = currentVersion(db)
    if (from > migrations.length) {
      throw new StepwiseError(
        'CONFIGURATION_INVALID',
        `The SQLite database has stepwise schema version ${from}, newer than this version of stepwise supports (${migrations.length}). ` +
          'Upgrade stepwise, or point sqliteStorage() at another file.',
        { details: { schemaVersion: from, supportedVersion: migrations.length } },
      )
    }
    const record = db.prepare('INSERT INTO stepwise_schema (version, applied_at) VALUES (?, ?)')
    for (let version = from + 1; version <= migrations.length; version++) {
      db.exec(migrations[version - 1])
      record.run(version, new Date().toISOString())
    }
    return migrations.length
  })
  return run.immediate()
}
