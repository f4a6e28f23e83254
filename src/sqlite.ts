/**
 * `stepwise/sqlite`: the SQLite storage adapter (needs the optional peer dependency
 * `better-sqlite3`).
 *
 * @packageDocumentation
 */
export { sqliteStorage } from './adapters/storage/sqlite/sqlite-storage.js'
export type {
  BetterSqlite3Database,
  SqliteStorageAdapter,
  SqliteStorageDatabaseOptions,
  SqliteStorageOptions,
  SqliteStoragePathOptions,
} from './adapters/storage/sqlite/sqlite-storage.js'
export { SQLITE_MIGRATIONS } from './adapters/storage/sqlite/migrations.js'
