/**
 * A storage wrapper that injects faults into one engine instance's view of a shared adapter:
 *
 * - `crash`: the commit that would record a completed tool step (its effect done) never reaches
 *   storage, and from then on every call of this instance hangs — the process died between the
 *   effect and its commit (its leases expire; its late writes never arrive);
 * - `failBefore`: a commit fails without writing (connection lost before the write);
 * - `lostAck`: a commit is written but the engine sees an error (connection lost after COMMIT);
 * - `claimLostAck`: a claim succeeds but the engine sees an error.
 */
import type { StorageAdapterV1 } from '../../src/index.js'
import type { Rng } from './rng.js'

/** Probabilities of each fault per eligible call. */
export interface FaultRates {
  crash: number
  failBefore: number
  lostAck: number
  claimLostAck: number
}

/** A fault that happened. */
export interface InjectedFault {
  kind: keyof FaultRates
  at: number
  executionId: string
  /** For `crash`: the idempotency keys of the tool steps whose results were lost. */
  keys?: string[]
}

const hang = (): Promise<never> => new Promise<never>(() => undefined)

/** Wraps `inner` for one engine instance; `onFault` hears every injected fault. */
export function faultyStorage(inner: StorageAdapterV1, rng: Rng, rates: FaultRates, onFault: (fault: InjectedFault) => void): StorageAdapterV1 & { readonly crashed: boolean } {
  let crashed = false
  const inject = (kind: keyof FaultRates): boolean => !crashed && rng.next() < rates[kind]
  const overrides: Partial<StorageAdapterV1> = {
    async commit(tenantId, executionId, fence, batch) {
      const done = (batch.steps ?? []).filter((row) => row.stepType === 'tool' && row.status === 'completed')
      if (done.length > 0 && inject('crash')) {
        crashed = true
        onFault({ kind: 'crash', at: Date.now(), executionId, keys: done.map((row) => `${executionId}:${row.stepId}:${row.iterationPath}`) })
        return hang()
      }
      if (inject('failBefore')) {
        onFault({ kind: 'failBefore', at: Date.now(), executionId })
        throw new Error('injected fault: connection lost before the commit')
      }
      const result = await inner.commit(tenantId, executionId, fence, batch)
      if (inject('lostAck')) {
        onFault({ kind: 'lostAck', at: Date.now(), executionId })
        throw new Error('injected fault: connection lost after the commit')
      }
      return result
    },
    async claimExecution(tenantId, executionId, claim) {
      const result = await inner.claimExecution(tenantId, executionId, claim)
      if (result !== undefined && inject('claimLostAck')) {
        onFault({ kind: 'claimLostAck', at: Date.now(), executionId })
        throw new Error('injected fault: connection lost after the claim')
      }
      return result
    },
  }
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'crashed') return crashed
      if (prop === 'close') return undefined // the shared adapter is closed by the test
      const override = (overrides as Record<PropertyKey, unknown>)[prop]
      const value = override ?? Reflect.get(target, prop, receiver)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => (crashed ? hang() : (value as (...a: unknown[]) => unknown).apply(override === undefined ? target : overrides, args))
    },
  }) as StorageAdapterV1 & { readonly crashed: boolean }
}
