import { StepwiseError } from '../../../errors/stepwise-error.js'
import type { PgClientLike } from './pg-types.js'

/**
 * The PostgreSQL schema as an ordered list of migrations: entry `i` brings the schema to version
 * `i + 1`. Entries are append-only: never edit a released one, add a new one instead. They run
 * with `search_path` set to the adapter's schema, so they name tables without a schema.
 *
 * Layout mirrors the SQLite adapter (every table keyed by `tenant_id` first):
 * - `stepwise_executions` holds the small, often-written columns (status, lease, fence, seq;
 *   `fillfactor` leaves room for HOT updates, since a per-step commit only moves `last_seq`);
 *   `stepwise_execution_data` the JSON bodies, written at creation and when the execution settles.
 * - `stepwise_steps`: one row per step instance (`id` keeps first-written order); a trigger
 *   refuses any change to a row in a terminal status (an identical rewrite is allowed).
 * - `stepwise_events`: PRIMARY KEY (tenant_id, execution_id, seq), so a duplicate seq cannot exist
 *   (from version 3 a run of streamed deltas of one turn shares a row, keyed by its last seq).
 * - Unique constraints back every dedup: idempotency key per workflow, version number per
 *   workflow, approval per step instance, approval token per tenant.
 * - `stepwise_event_watchers`: executions whose events some process streams right now (rows
 *   expire unless refreshed); a commit NOTIFYs its events only when its execution is watched.
 * - Triggers (version 2): unique trigger name (lowercased `name_key`) and webhook path per tenant,
 *   PRIMARY KEY (tenant_id, trigger_id, tick) for schedule tick claims, and the delivery log
 *   indexed for newest-first paging.
 * JSON bodies are `text` (key order and `null` round-trip exactly); epoch-ms times are `bigint`,
 * ISO times `text` (compared as strings, like the other adapters), keys use the "C" collation.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE stepwise_snapshots (
    tenant_id text COLLATE "C" NOT NULL,
    hash text COLLATE "C" NOT NULL,
    definition text NOT NULL,
    PRIMARY KEY (tenant_id, hash)
  );

  CREATE TABLE stepwise_workflows (
    tenant_id text COLLATE "C" NOT NULL,
    id text COLLATE "C" NOT NULL,
    version integer NOT NULL,
    hash text NOT NULL,
    name text,
    created_at text NOT NULL,
    updated_at text NOT NULL,
    PRIMARY KEY (tenant_id, id)
  );

  CREATE TABLE stepwise_workflow_versions (
    tenant_id text COLLATE "C" NOT NULL,
    workflow_id text COLLATE "C" NOT NULL,
    version integer NOT NULL CHECK (version >= 1),
    hash text NOT NULL,
    source text NOT NULL,
    author text,
    notes text,
    created_at text NOT NULL,
    PRIMARY KEY (tenant_id, workflow_id, version)
  );

  CREATE TABLE stepwise_executions (
    tenant_id text COLLATE "C" NOT NULL,
    id text COLLATE "C" NOT NULL,
    workflow_id text COLLATE "C" NOT NULL,
    workflow_version integer NOT NULL,
    workflow_hash text NOT NULL,
    status text NOT NULL,
    idempotency_key text COLLATE "C",
    started_at text COLLATE "C" NOT NULL,
    ended_at text,
    last_seq integer NOT NULL DEFAULT 0,
    fence integer NOT NULL DEFAULT 0,
    lease_owner text,
    lease_expires_at bigint,
    wake_at bigint,
    cancel_reason text,
    PRIMARY KEY (tenant_id, id)
  ) WITH (fillfactor = 80);
  CREATE UNIQUE INDEX stepwise_executions_idempotency
    ON stepwise_executions (tenant_id, workflow_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
  CREATE INDEX stepwise_executions_started ON stepwise_executions (tenant_id, started_at DESC, id DESC);
  CREATE INDEX stepwise_executions_workflow_started
    ON stepwise_executions (tenant_id, workflow_id, started_at DESC, id DESC);
  CREATE INDEX stepwise_executions_live
    ON stepwise_executions (tenant_id, started_at, id) WHERE status IN ('pending', 'running', 'waiting');

  CREATE TABLE stepwise_execution_data (
    tenant_id text COLLATE "C" NOT NULL,
    execution_id text COLLATE "C" NOT NULL,
    variables text NOT NULL,
    outputs text NOT NULL,
    output text,
    error text,
    waiting_for text,
    trigger_info text,
    retry_of text,
    PRIMARY KEY (tenant_id, execution_id)
  );

  CREATE TABLE stepwise_steps (
    id bigint GENERATED ALWAYS AS IDENTITY,
    tenant_id text COLLATE "C" NOT NULL,
    execution_id text COLLATE "C" NOT NULL,
    step_id text COLLATE "C" NOT NULL,
    iteration_path text COLLATE "C" NOT NULL,
    attempt integer NOT NULL,
    step_type text NOT NULL,
    status text NOT NULL,
    input text,
    output text,
    error text,
    waiting_for text,
    started_at text NOT NULL,
    ended_at text,
    UNIQUE (tenant_id, execution_id, step_id, iteration_path, attempt)
  );

  CREATE FUNCTION stepwise_steps_settled_guard() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF (NEW.step_type, NEW.status, NEW.input, NEW.output, NEW.error, NEW.waiting_for, NEW.started_at, NEW.ended_at)
       IS DISTINCT FROM (OLD.step_type, OLD.status, OLD.input, OLD.output, OLD.error, OLD.waiting_for, OLD.started_at, OLD.ended_at) THEN
      RAISE EXCEPTION 'Step % [%] attempt % is already %.', OLD.step_id, OLD.iteration_path, OLD.attempt, OLD.status
        USING ERRCODE = 'SW409';
    END IF;
    RETURN NEW;
  END $$;
  CREATE TRIGGER stepwise_steps_settled_guard BEFORE UPDATE ON stepwise_steps
    FOR EACH ROW WHEN (OLD.status IN ('completed', 'failed', 'skipped', 'cancelled'))
    EXECUTE FUNCTION stepwise_steps_settled_guard();

  CREATE TABLE stepwise_events (
    tenant_id text COLLATE "C" NOT NULL,
    execution_id text COLLATE "C" NOT NULL,
    seq integer NOT NULL CHECK (seq >= 1),
    type text NOT NULL,
    body text NOT NULL,
    PRIMARY KEY (tenant_id, execution_id, seq)
  );

  CREATE TABLE stepwise_approvals (
    id bigint GENERATED ALWAYS AS IDENTITY,
    tenant_id text COLLATE "C" NOT NULL,
    execution_id text COLLATE "C" NOT NULL,
    step_id text COLLATE "C" NOT NULL,
    iteration_path text COLLATE "C" NOT NULL,
    token text COLLATE "C" NOT NULL,
    prompt text NOT NULL,
    approvers text,
    status text NOT NULL,
    decision text,
    created_at text NOT NULL,
    expires_at bigint,
    UNIQUE (tenant_id, execution_id, step_id, iteration_path)
  );
  CREATE UNIQUE INDEX stepwise_approvals_token ON stepwise_approvals (tenant_id, token);

  CREATE TABLE stepwise_event_watchers (
    tenant_id text COLLATE "C" NOT NULL,
    execution_id text COLLATE "C" NOT NULL,
    watcher_id text COLLATE "C" NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, execution_id, watcher_id)
  );
  `,
  // 2: triggers (TriggerStorageV1). `name_key` is the name lowercased by the adapter
  // (`triggerNameKey`, i.e. JavaScript's toLowerCase, locale-independent).
  `
  CREATE TABLE stepwise_triggers (
    tenant_id text COLLATE "C" NOT NULL,
    id text COLLATE "C" NOT NULL,
    name text NOT NULL,
    name_key text COLLATE "C" NOT NULL,
    type text NOT NULL,
    workflow_id text COLLATE "C",
    enabled boolean NOT NULL,
    config text NOT NULL,
    webhook_path text COLLATE "C",
    created_at text NOT NULL,
    updated_at text NOT NULL,
    last_run_at text COLLATE "C",
    last_execution_id text,
    scheduled_through text COLLATE "C",
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT stepwise_triggers_name UNIQUE (tenant_id, name_key)
  );
  CREATE UNIQUE INDEX stepwise_triggers_webhook_path ON stepwise_triggers (tenant_id, webhook_path) WHERE webhook_path IS NOT NULL;
  CREATE INDEX stepwise_triggers_type ON stepwise_triggers (tenant_id, type, enabled);

  CREATE TABLE stepwise_schedule_ticks (
    tenant_id text COLLATE "C" NOT NULL,
    trigger_id text COLLATE "C" NOT NULL,
    tick text COLLATE "C" NOT NULL,
    PRIMARY KEY (tenant_id, trigger_id, tick)
  );

  CREATE TABLE stepwise_trigger_deliveries (
    tenant_id text COLLATE "C" NOT NULL,
    id text COLLATE "C" NOT NULL,
    trigger_id text COLLATE "C" NOT NULL,
    received_at text COLLATE "C" NOT NULL,
    delivery_id text COLLATE "C",
    body text NOT NULL,
    PRIMARY KEY (tenant_id, id)
  );
  CREATE INDEX stepwise_trigger_deliveries_page ON stepwise_trigger_deliveries (tenant_id, trigger_id, received_at DESC, id DESC);
  CREATE INDEX stepwise_trigger_deliveries_delivery
    ON stepwise_trigger_deliveries (tenant_id, trigger_id, delivery_id) WHERE delivery_id IS NOT NULL;
  `,
  // 2: proposals (one row per proposal; the record as JSON, the status for compare-and-set).
  `
  CREATE TABLE stepwise_proposals (
    tenant_id text COLLATE "C" NOT NULL,
    id text COLLATE "C" NOT NULL,
    workflow_id text COLLATE "C" NOT NULL,
    status text NOT NULL,
    created_at text COLLATE "C" NOT NULL,
    body jsonb NOT NULL,
    PRIMARY KEY (tenant_id, id)
  );
  CREATE INDEX stepwise_proposals_workflow ON stepwise_proposals (tenant_id, workflow_id, created_at DESC);
  `,  // 3: no table change. From here a stepwise_events row may hold a run of streamed deltas of one
  // agent turn, keyed by its last seq (see event-rows.ts): the version keeps older releases, which
  // would misread such a row, off the database.
  `SELECT 1`,
]

/** Checks a schema name: a plain identifier (it is quoted in SQL and part of NOTIFY channel names). */
export function checkSchemaName(schema: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,47}$/.test(schema)) {
    throw new StepwiseError(
      'CONFIGURATION_INVALID',
      `Invalid PostgreSQL schema name "${schema}": use letters, digits and "_" (at most 48 characters, not starting with a digit).`,
    )
  }
  return schema
}

/**
 * Brings `schema` to the newest version in one transaction on `client`, under a transaction-level
 * advisory lock derived from the schema name: processes starting at the same time wait for the
 * first one and then find nothing left to do. Creates the schema and the `stepwise_schema`
 * version table when missing and records each applied migration there. Rejects with
 * `CONFIGURATION_INVALID` when the database has a newer schema version than this code knows.
 *
 * @returns the schema version after migrating.
 */
export async function migratePostgres(
  client: PgClientLike,
  schema: string,
  migrations: readonly string[] = POSTGRES_MIGRATIONS,
): Promise<number> {
  const quoted = `"${checkSchemaName(schema)}"`
  await client.query('BEGIN')
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`stepwise:migrate:${schema}`])
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])
    if (exists.rows.length === 0) await client.query(`CREATE SCHEMA ${quoted}`)
    await client.query(`SET LOCAL search_path TO ${quoted}`)
    await client.query('CREATE TABLE IF NOT EXISTS stepwise_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())')
    const { rows } = await client.query<{ version: number | null }>('SELECT MAX(version) AS version FROM stepwise_schema')
    const from = rows[0]?.version ?? 0
    if (from > migrations.length) {
      throw new StepwiseError(
        'CONFIGURATION_INVALID',
        `The PostgreSQL schema "${schema}" has stepwise schema version ${from}, newer than this version of stepwise supports ` +
          `(${migrations.length}). Upgrade stepwise, or point postgresStorage() at another schema.`,
        { details: { schema, schemaVersion: from, supportedVersion: migrations.length } },
      )
    }
    for (let version = from + 1; version <= migrations.length; version++) {
      await client.query(migrations[version - 1])
      await client.query('INSERT INTO stepwise_schema (version) VALUES ($1)', [version])
    }
    await client.query('COMMIT')
    return migrations.length
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  }
}
