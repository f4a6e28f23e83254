import { afterEach, beforeEach, describe } from 'vitest'
import type { StorageAdapterV1 } from '../adapters/storage/storage-adapter.js'
import type { ConformanceContext } from './conformance/context.js'
import { describeWorkflowCases } from './conformance/workflows.js'
import { describeExecutionCases } from './conformance/executions.js'
import { describeLeaseCases } from './conformance/leases.js'
import { describeCommitCases } from './conformance/commit.js'
import { describeJournalCases } from './conformance/journal.js'
import { describeApprovalCases } from './conformance/approvals.js'
import { describeTenantCases } from './conformance/tenants.js'
import { describeProposalCases } from './conformance/proposals.js'
import { describeConcurrencyCases } from './conformance/concurrency.js'

export type { ConformanceContext } from './conformance/context.js'

/** Options of {@link describeStorageConformance}. */
export interface StorageConformanceOptions {
  /** Name shown in the suite title, e.g. `sqlite (file)`. */
  name: string
  /** Creates a fresh, empty adapter. Called before every case. */
  create(): Promise<StorageAdapterV1> | StorageAdapterV1
  /**
   * Creates a second adapter instance on the SAME data as `first` (for SQLite or PostgreSQL:
   * another connection to the same database). Used as the second client of the concurrency
   * cases. Without it, both clients are the first adapter.
   */
  createSecond?(first: StorageAdapterV1): Promise<StorageAdapterV1> | StorageAdapterV1
  /** Releases an adapter after a case (called for the second instance too). */
  destroy?(adapter: StorageAdapterV1): Promise<void> | void
}

/**
 * Registers the storage adapter conformance suite (vitest) for one adapter. Every adapter
 * (memory, SQLite, PostgreSQL, a host's own) must pass it: it covers every method of
 * {@link StorageAdapterV1}, tenant scoping on each of them, and concurrency cases run by two
 * clients at once (two claimers, fencing of a stale lease holder, double approval, duplicate
 * idempotency key, terminal guard, event seq conflicts).
 *
 * Call it at the top level of a `*.test.ts` file. `vitest` must be installed (it is an
 * optional peer dependency of `stepwise/testing`).
 *
 * @example
 * ```ts
 * import { describeStorageConformance } from 'stepwise/testing'
 * import { myStorage } from './my-storage.js'
 *
 * describeStorageConformance({
 *   name: 'my storage',
 *   create: () => myStorage({ url: freshDatabaseUrl() }),
 *   destroy: (adapter) => (adapter as MyStorage).close(),
 * })
 * ```
 */
export function describeStorageConformance(options: StorageConformanceOptions): void {
  let first: StorageAdapterV1 | undefined
  let second: StorageAdapterV1 | undefined

  const context: ConformanceContext = {
    get storage(): StorageAdapterV1 {
      if (first === undefined) throw new Error('storage conformance: adapter not created yet')
      return first
    },
    get second(): StorageAdapterV1 {
      return second ?? context.storage
    },
  }

  describe(`storage conformance: ${options.name}`, () => {
    beforeEach(async () => {
      first = await options.create()
      second = options.createSecond === undefined ? first : await options.createSecond(first)
    })

    afterEach(async () => {
      const adapters = [second, first].filter((a, i, all): a is StorageAdapterV1 => a !== undefined && all.indexOf(a) === i)
      first = undefined
      second = undefined
      for (const adapter of adapters) await options.destroy?.(adapter)
    })

    describeWorkflowCases(context)
    describeExecutionCases(context)
    describeLeaseCases(context)
    describeCommitCases(context)
    describeJournalCases(context)
    describeApprovalCases(context)
    describeTenantCases(context)
    describeProposalCases(context)
    describeConcurrencyCases(context)
  })
}
