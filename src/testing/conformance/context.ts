import type { StorageAdapterV1 } from '../../adapters/storage/storage-adapter.js'

/** The adapters a conformance case works with (fresh for every case). */
export interface ConformanceContext {
  /** The adapter under test (first client). */
  readonly storage: StorageAdapterV1
  /** A second client on the same data (another instance, or the same adapter). */
  readonly second: StorageAdapterV1
}
