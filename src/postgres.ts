/**
 * `stepwise/postgres`: the PostgreSQL storage adapter for several processes on one database
 * (needs the optional peer dependency `pg`).
 *
 * @packageDocumentation
 */
export { postgresStorage } from './adapters/storage/postgres/postgres-storage.js'
export type {
  PostgresStorageAdapter,
  PostgresStorageConnectionOptions,
  PostgresStorageOptions,
  PostgresStoragePoolOptions,
  PgClientLike,
  PgNotificationLike,
  PgPoolLike,
  PgQueryConfigLike,
  PgQueryResultLike,
} from './adapters/storage/postgres/postgres-storage.js'
export type { PostgresNotifications } from './adapters/storage/postgres/postgres-notifications.js'
export { POSTGRES_MIGRATIONS } from './adapters/storage/postgres/migrations.js'
