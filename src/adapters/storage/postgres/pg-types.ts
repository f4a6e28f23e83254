/**
 * The few parts of node-postgres (`pg` 8.x) the adapter uses, as structural types: a `pg.Pool`
 * satisfies {@link PgPoolLike}, so hosts pass their own pool without stepwise depending on
 * `@types/pg`.
 */

/** Result of a query: rows and affected row count. */
export interface PgQueryResultLike<R> {
  /** Result rows. */
  rows: R[]
  /** Rows inserted, updated, deleted or returned. */
  rowCount: number | null
}

/** A named (prepared) query. */
export interface PgQueryConfigLike {
  /** Prepared-statement name (prepared once per connection). */
  name?: string
  /** SQL text. */
  text: string
  /** Positional parameters (`$1`…). */
  values?: unknown[]
}

/** A notification received by a listening client. */
export interface PgNotificationLike {
  /** Channel name. */
  channel: string
  /** Payload text. */
  payload?: string
}

/** A connected client (a `pg.PoolClient` or a `pg.Client`). */
export interface PgClientLike {
  /** Runs a query. */
  query<R = Record<string, unknown>>(query: string | PgQueryConfigLike, values?: unknown[]): Promise<PgQueryResultLike<R>>
  /** Subscribes to `notification`, `error` or `end`. */
  on(event: 'notification', listener: (message: PgNotificationLike) => void): unknown
  /** Subscribes to `notification`, `error` or `end`. */
  on(event: 'error', listener: (error: Error) => void): unknown
  /** Subscribes to `notification`, `error` or `end`. */
  on(event: 'end', listener: () => void): unknown
  /** Returns a pool client to its pool (`true` or an error destroys the connection). Absent on a plain `pg.Client`. */
  release?(destroy?: boolean | Error): void
  /** Closes a plain client. */
  end?(): Promise<void>
}

/** A connection pool (a `pg.Pool`). */
export interface PgPoolLike {
  /** Runs a query on any idle connection. */
  query<R = Record<string, unknown>>(query: string | PgQueryConfigLike, values?: unknown[]): Promise<PgQueryResultLike<R>>
  /** Checks out a connection (release it when done). */
  connect(): Promise<PgClientLike>
}
