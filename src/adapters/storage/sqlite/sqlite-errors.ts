import Database from 'better-sqlite3'
import { StepwiseError } from '../../../errors/stepwise-error.js'

/** Converts better-sqlite3 errors into StepwiseErrors (lock timeouts, constraint violations). */
export function translateErrors<T>(fn: () => T, busyTimeoutMs?: number): T {
  try {
    return fn()
  } catch (error) {
    throw toStepwiseError(error, busyTimeoutMs)
  }
}

/**
 * Maps a better-sqlite3 error: a lock held beyond the busy timeout (`SQLITE_BUSY*`, `SQLITE_LOCKED*`)
 * becomes a retryable `STORAGE_CONFLICT`, a constraint violation a `STORAGE_CONFLICT`, any other
 * SQLite error `INTERNAL`; `details.sqliteCode` keeps the SQLite code. Other values pass through.
 */
export function toStepwiseError(error: unknown, busyTimeoutMs?: number): unknown {
  if (StepwiseError.isInstance(error) || !(error instanceof Database.SqliteError)) return error
  const code = error.code
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    const waited = busyTimeoutMs === undefined ? 'the busy timeout' : `${busyTimeoutMs} ms`
    return new StepwiseError(
      'STORAGE_CONFLICT',
      `The SQLite database is locked by another writer and stayed locked for longer than ${waited}. ` +
        'Retry, raise busyTimeoutMs, or make sure no other process holds a long write transaction on the file.',
      { cause: error, retryable: true, details: { sqliteCode: code } },
    )
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return new StepwiseError('STORAGE_CONFLICT', `SQLite constraint violated: ${error.message}`, { cause: error, details: { sqliteCode: code } })
  }
  return new StepwiseError('INTERNAL', `SQLite error ${code}: ${error.message}`, { cause: error, details: { sqliteCode: code } })
}

