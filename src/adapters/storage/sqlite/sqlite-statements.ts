import type BetterSqlite3 from 'better-sqlite3'

const TERMINAL = `('completed', 'failed', 'cancelled')`
const TERMINAL_STEP = `('completed', 'failed', 'skipped', 'cancelled')`

const EXECUTION_COLUMNS = `e.tenant_id, e.id, e.workflow_id, e.workflow_version, e.workflow_hash, e.status, e.idempotency_key,
  e.started_at, e.ended_at, e.last_seq, e.fence, e.lease_owner, e.lease_expires_at, e.wake_at, e.cancel_reason,
  d.variables, d.outputs, d.output, d.error, d.waiting_for, d.trigger_info, d.retry_of`

/** SELECT of the joined execution rows; append a WHERE clause. */
export const EXECUTION_SELECT = `SELECT ${EXECUTION_COLUMNS} FROM stepwise_executions e
  JOIN stepwise_execution_data d ON d.tenant_id = e.tenant_id AND d.execution_id = e.id`

const STEP_COLUMNS = 'execution_id, step_id, iteration_path, attempt, step_type, status, input, output, error, waiting_for, started_at, ended_at'
const APPROVAL_COLUMNS = 'execution_id, step_id, iteration_path, token, prompt, approvers, status, decision, created_at, expires_at'

/** SQL of every fixed statement of the SQLite adapter. */
const SQL = {
  putSnapshot: 'INSERT INTO stepwise_snapshots (tenant_id, hash, definition) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  getSnapshot: 'SELECT definition FROM stepwise_snapshots WHERE tenant_id = ? AND hash = ?',

  getWorkflow: 'SELECT id, version, hash, name, created_at, updated_at FROM stepwise_workflows WHERE tenant_id = ? AND id = ?',
  listWorkflows: 'SELECT id, version, hash, name, created_at, updated_at FROM stepwise_workflows WHERE tenant_id = ? ORDER BY id',
  upsertWorkflow: `INSERT INTO stepwise_workflows (tenant_id, id, version, hash, name, created_at, updated_at)
    VALUES (@tenant_id, @id, @version, @hash, @name, @now, @now)
    ON CONFLICT (tenant_id, id) DO UPDATE SET version = excluded.version, hash = excluded.hash, name = excluded.name,
      updated_at = excluded.updated_at`,
  deleteWorkflow: 'DELETE FROM stepwise_workflows WHERE tenant_id = ? AND id = ?',
  maxVersion: 'SELECT MAX(version) AS version FROM stepwise_workflow_versions WHERE tenant_id = ? AND workflow_id = ?',
  getVersion: `SELECT workflow_id, version, hash, source, author, notes, created_at FROM stepwise_workflow_versions
    WHERE tenant_id = ? AND workflow_id = ? AND version = ?`,
  insertVersion: `INSERT INTO stepwise_workflow_versions (tenant_id, workflow_id, version, hash, source, author, notes, created_at)
    VALUES (@tenant_id, @workflow_id, @version, @hash, @source, @author, @notes, @created_at)`,
  listVersions: `SELECT workflow_id, version, hash, source, author, notes, created_at FROM stepwise_workflow_versions
    WHERE tenant_id = ? AND workflow_id = ? ORDER BY version DESC`,

  insertExecution: `INSERT INTO stepwise_executions (tenant_id, id, workflow_id, workflow_version, workflow_hash, status,
      idempotency_key, started_at, ended_at, last_seq, fence, lease_owner, lease_expires_at, wake_at, cancel_reason)
    VALUES (@tenant_id, @id, @workflow_id, @workflow_version, @workflow_hash, @status, @idempotency_key, @started_at, @ended_at,
      @last_seq, @fence, @lease_owner, @lease_expires_at, @wake_at, @cancel_reason)`,
  insertExecutionData: `INSERT INTO stepwise_execution_data (tenant_id, execution_id, variables, outputs, output, error,
      waiting_for, trigger_info, retry_of)
    VALUES (@tenant_id, @id, @variables, @outputs, @output, @error, @waiting_for, @trigger_info, @retry_of)`,
  getExecution: `${EXECUTION_SELECT} WHERE e.tenant_id = ? AND e.id = ?`,
  findIdempotent: 'SELECT id FROM stepwise_executions WHERE tenant_id = ? AND workflow_id = ? AND idempotency_key = ?',
  executionHead: 'SELECT fence, status, last_seq, cancel_reason FROM stepwise_executions WHERE tenant_id = ? AND id = ?',

  claim: `UPDATE stepwise_executions SET fence = fence + 1, lease_owner = @owner, lease_expires_at = @expires_at
    WHERE tenant_id = @tenant_id AND id = @id AND status NOT IN ${TERMINAL}
      AND (lease_owner IS NULL OR lease_owner = @owner OR COALESCE(lease_expires_at, 0) <= @now)`,
  renew: `UPDATE stepwise_executions SET lease_expires_at = @expires_at
    WHERE tenant_id = @tenant_id AND id = @id AND fence = @fence AND lease_owner = @owner`,
  requestCancel: `UPDATE stepwise_executions SET cancel_reason = ?
    WHERE tenant_id = ? AND id = ? AND status NOT IN ${TERMINAL} AND cancel_reason IS NULL`,
  listDue: `SELECT id, status FROM stepwise_executions
    WHERE tenant_id = @tenant_id AND status IN ('pending', 'running', 'waiting')
      AND (lease_owner IS NULL OR COALESCE(lease_expires_at, 0) <= @now)
      AND (status <> 'waiting' OR wake_at <= @now OR cancel_reason IS NOT NULL)
    ORDER BY started_at, id LIMIT @limit`,

  insertEvent: 'INSERT INTO stepwise_events (tenant_id, execution_id, seq, type, body) VALUES (?, ?, ?, ?, ?)',
  readEvents: `SELECT body FROM stepwise_events WHERE tenant_id = ? AND execution_id = ? AND seq > ? ORDER BY seq LIMIT ?`,

  upsertStep: `INSERT INTO stepwise_steps (tenant_id, ${STEP_COLUMNS})
    VALUES (@tenant_id, @execution_id, @step_id, @iteration_path, @attempt, @step_type, @status, @input, @output, @error,
      @waiting_for, @started_at, @ended_at)
    ON CONFLICT (tenant_id, execution_id, step_id, iteration_path, attempt) DO UPDATE SET
      step_type = excluded.step_type, status = excluded.status, input = excluded.input, output = excluded.output,
      error = excluded.error, waiting_for = excluded.waiting_for, started_at = excluded.started_at, ended_at = excluded.ended_at
    WHERE stepwise_steps.status NOT IN ${TERMINAL_STEP}
      OR (stepwise_steps.status IS excluded.status AND stepwise_steps.step_type IS excluded.step_type
        AND stepwise_steps.input IS excluded.input AND stepwise_steps.output IS excluded.output
        AND stepwise_steps.error IS excluded.error AND stepwise_steps.waiting_for IS excluded.waiting_for
        AND stepwise_steps.started_at IS excluded.started_at AND stepwise_steps.ended_at IS excluded.ended_at)`,
  listSteps: `SELECT ${STEP_COLUMNS} FROM stepwise_steps WHERE tenant_id = ? AND execution_id = ? ORDER BY rowid`,

  upsertApproval: `INSERT INTO stepwise_approvals (tenant_id, ${APPROVAL_COLUMNS})
    VALUES (@tenant_id, @execution_id, @step_id, @iteration_path, @token, @prompt, @approvers, @status, @decision, @created_at,
      @expires_at)
    ON CONFLICT (tenant_id, execution_id, step_id, iteration_path) DO UPDATE SET
      token = excluded.token, prompt = excluded.prompt, approvers = excluded.approvers, status = excluded.status,
      decision = excluded.decision, created_at = excluded.created_at, expires_at = excluded.expires_at`,
  getApproval: `SELECT ${APPROVAL_COLUMNS} FROM stepwise_approvals
    WHERE tenant_id = ? AND execution_id = ? AND step_id = ? AND iteration_path = ?`,
  findApprovalByToken: `SELECT ${APPROVAL_COLUMNS} FROM stepwise_approvals WHERE tenant_id = ? AND token = ?`,
  listApprovals: `SELECT ${APPROVAL_COLUMNS} FROM stepwise_approvals WHERE tenant_id = ? AND execution_id = ? ORDER BY rowid`,
  decideApproval: `UPDATE stepwise_approvals SET status = @status, decision = @decision
    WHERE tenant_id = @tenant_id AND execution_id = @execution_id AND step_id = @step_id AND iteration_path = @iteration_path
      AND status = 'pending'`,
  wakeWaiting: `UPDATE stepwise_executions SET wake_at = 0 WHERE tenant_id = ? AND id = ? AND status = 'waiting'`,

  /** Small columns only; run by every commit that has events, a status change or a lease release. */
  patchExecution: `UPDATE stepwise_executions SET
      status = COALESCE(@status, status),
      ended_at = COALESCE(@ended_at, ended_at),
      wake_at = CASE WHEN @terminal = 1 THEN NULL WHEN @wake_at IS NOT NULL THEN @wake_at WHEN @clear = 1 THEN NULL ELSE wake_at END,
      cancel_reason = CASE WHEN @terminal = 1 THEN NULL ELSE cancel_reason END,
      lease_owner = CASE WHEN @release = 1 THEN NULL ELSE lease_owner END,
      lease_expires_at = CASE WHEN @release = 1 THEN NULL ELSE lease_expires_at END,
      last_seq = @last_seq
    WHERE tenant_id = @tenant_id AND id = @id`,
  /** JSON bodies; run only when a commit carries outputs, output, error or a waiting change. */
  patchExecutionData: `UPDATE stepwise_execution_data SET
      outputs = COALESCE(@outputs, outputs),
      output = COALESCE(@output, output),
      error = COALESCE(@error, error),
      waiting_for = COALESCE(@waiting_for, CASE WHEN @clear = 1 THEN NULL ELSE waiting_for END)
    WHERE tenant_id = @tenant_id AND execution_id = @id`,
} satisfies Record<string, string>

/** Name of a fixed statement. */
export type StatementName = keyof typeof SQL

/** The prepared statements of one connection. */
export type SqliteStatements = Record<StatementName, BetterSqlite3.Statement>

/** Prepares every fixed statement once per connection. */
export function prepareStatements(db: BetterSqlite3.Database): SqliteStatements {
  const statements = {} as SqliteStatements
  for (const name of Object.keys(SQL) as StatementName[]) statements[name] = db.prepare(SQL[name])
  return statements
}
