import type BetterSqlite3 from 'better-sqlite3'
import type { ProposalRecord, ProposalStatus } from '../../../engine/proposal-types.js'
import type { ProposalListFilter, ProposalStorageV1 } from '../proposal-storage.js'

const SQL = {
  insert: `INSERT INTO stepwise_proposals (tenant_id, id, workflow_id, status, created_at, body) VALUES (?, ?, ?, ?, ?, ?)`,
  get: 'SELECT body FROM stepwise_proposals WHERE tenant_id = ? AND id = ?',
  update: 'UPDATE stepwise_proposals SET status = ?, body = ? WHERE tenant_id = ? AND id = ? AND status = ?',
  list: `SELECT body FROM stepwise_proposals WHERE tenant_id = ? AND (? IS NULL OR workflow_id = ?) AND (? IS NULL OR status = ?)
    ORDER BY created_at DESC, id DESC LIMIT ?`,
}

/** The proposal part of `sqliteStorage()` ({@link ProposalStorageV1}): one row per proposal, the record as JSON. */
export class SqliteProposalStore implements ProposalStorageV1 {
  readonly #db: BetterSqlite3.Database
  #prepared?: Record<keyof typeof SQL, BetterSqlite3.Statement>

  constructor(db: BetterSqlite3.Database) {
    this.#db = db
  }

  // Prepared on first use: the tables exist only after the adapter has migrated.
  get #s(): Record<keyof typeof SQL, BetterSqlite3.Statement> {
    return (this.#prepared ??= {
      insert: this.#db.prepare(SQL.insert),
      get: this.#db.prepare(SQL.get),
      update: this.#db.prepare(SQL.update),
      list: this.#db.prepare(SQL.list),
    })
  }

  async insertProposal(tenantId: string, p: ProposalRecord): Promise<void> {
    this.#s.insert.run(tenantId, p.id, p.workflowId, p.status, p.createdAt, JSON.stringify(p))
  }

  async getProposal(tenantId: string, id: string): Promise<ProposalRecord | undefined> {
    const row = this.#s.get.get(tenantId, id) as { body: string } | undefined
    return row === undefined ? undefined : (JSON.parse(row.body) as ProposalRecord)
  }

  async listProposals(tenantId: string, filter: ProposalListFilter): Promise<ProposalRecord[]> {
    const workflowId = filter.workflowId ?? null
    const status = filter.status ?? null
    const rows = this.#s.list.all(tenantId, workflowId, workflowId, status, status, filter.limit) as { body: string }[]
    return rows.map((row) => JSON.parse(row.body) as ProposalRecord)
  }

  async updateProposal(tenantId: string, id: string, expectedStatus: ProposalStatus, next: ProposalRecord): Promise<boolean> {
    return this.#s.update.run(next.status, JSON.stringify(next), tenantId, id, expectedStatus).changes === 1
  }
}
