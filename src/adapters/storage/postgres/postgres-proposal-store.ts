import { createHash } from 'node:crypto'
import type { ProposalRecord, ProposalStatus } from '../../../engine/proposal-types.js'
import type { ProposalListFilter, ProposalStorageV1 } from '../proposal-storage.js'
import type { PgQueryConfigLike } from './pg-types.js'

/** Runs one statement and returns its rows. */
export type PgProposalQuery = <R>(statement: PgQueryConfigLike, values: unknown[]) => Promise<R[]>

function buildStatements(schema: string) {
  const table = `"${schema}".stepwise_proposals`
  const tag = createHash('sha1').update(schema).digest('hex').slice(0, 8)
  const named = (name: string, text: string): PgQueryConfigLike => ({ name: `sw_${tag}_prp_${name}`, text })
  return {
    insert: named('insert', `INSERT INTO ${table} (tenant_id, id, workflow_id, status, created_at, body) VALUES ($1, $2, $3, $4, $5, $6)`),
    get: named('get', `SELECT body FROM ${table} WHERE tenant_id = $1 AND id = $2`),
    update: named('update', `UPDATE ${table} SET status = $1, body = $2 WHERE tenant_id = $3 AND id = $4 AND status = $5 RETURNING id`),
    list: named(
      'list',
      `SELECT body FROM ${table} WHERE tenant_id = $1 AND ($2::text IS NULL OR workflow_id = $2) AND ($3::text IS NULL OR status = $3)
        ORDER BY created_at DESC, id DESC LIMIT $4`,
    ),
  }
}

/** The proposal part of `postgresStorage()` ({@link ProposalStorageV1}): one row per proposal, the record as jsonb. */
export class PostgresProposalStore implements ProposalStorageV1 {
  readonly #query: PgProposalQuery
  readonly #sql: ReturnType<typeof buildStatements>

  constructor(schema: string, query: PgProposalQuery) {
    this.#query = query
    this.#sql = buildStatements(schema)
  }

  async insertProposal(tenantId: string, p: ProposalRecord): Promise<void> {
    await this.#query(this.#sql.insert, [tenantId, p.id, p.workflowId, p.status, p.createdAt, JSON.stringify(p)])
  }

  async getProposal(tenantId: string, id: string): Promise<ProposalRecord | undefined> {
    const [row] = await this.#query<{ body: ProposalRecord }>(this.#sql.get, [tenantId, id])
    return row?.body
  }

  async listProposals(tenantId: string, filter: ProposalListFilter): Promise<ProposalRecord[]> {
    const rows = await this.#query<{ body: ProposalRecord }>(this.#sql.list, [tenantId, filter.workflowId ?? null, filter.status ?? null, filter.limit])
    return rows.map((row) => row.body)
  }

  async updateProposal(tenantId: string, id: string, expectedStatus: ProposalStatus, next: ProposalRecord): Promise<boolean> {
    const rows = await this.#query(this.#sql.update, [next.status, JSON.stringify(next), tenantId, id, expectedStatus])
    return rows.length === 1
  }
}
