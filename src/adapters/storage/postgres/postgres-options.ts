import type { StorageAdapterV1 } from '../storage-adapter.js'
import type { TriggerStorageV1 } from '../trigger-storage.js'
import type { PgPoolLike } from './pg-types.js'
import type { PostgresNotifications } from './postgres-notifications.js'

/** Connect with a connection string: the adapter creates (and closes) its own pool. */
export interface PostgresStorageConnectionOptions {
  /** libpq-style URL, e.g. `postgres://user:pass@host:5432/db`. */
  connectionString: string
  /** Schema holding stepwise's tables (default `public`); created when missing. */
  schema?: string
  /** Maximum connections of the pool (default 10), plus one dedicated listening connection when notifications are used. */
  max?: number
}

/** Use a pool the host created (the host ends it; `close()` leaves it open). */
export interface PostgresStoragePoolOptions {
  /** A `pg.Pool` (or anything shaped like one). Notifications hold one of its connections from the first subscription until `close()`. */
  pool: PgPoolLike
  /** Schema holding stepwise's tables (default `public`); created when missing. */
  schema?: string
}

/** Options of `postgresStorage()`. */
export type PostgresStorageOptions = PostgresStorageConnectionOptions | PostgresStoragePoolOptions

/** The PostgreSQL storage adapter: {@link StorageAdapterV1} (triggers included) with notifications, migrations and the pool. */
export interface PostgresStorageAdapter extends StorageAdapterV1, TriggerStorageV1 {
  /** LISTEN/NOTIFY signals from every process on the database. */
  readonly notifications: PostgresNotifications
  /** The pool the adapter queries. */
  readonly pool: PgPoolLike
  /** The schema holding the tables. */
  readonly schema: string
  /**
   * Creates or upgrades the schema now (otherwise done on first use) and returns its version.
   * Rejects with `CONFIGURATION_INVALID` when the database schema is newer than this code.
   */
  migrate(): Promise<number>
  /** Stops listening; ends the pool when the adapter created it. */
  close(): Promise<void>
}
