/**
 * @module
 * One {@link ExecutionStore} (and so one event subscription) per client and execution, shared by
 * every component that follows that execution, connected while at least one of them is mounted.
 */
import type { StepwiseClient } from '../http/index.js'
import { connectExecution } from './connect-execution.js'
import { ExecutionStore, type ExecutionStoreOptions } from './execution-store.js'

interface Entry {
  store: ExecutionStore
  refs: number
  disconnect: (() => void) | undefined
  timer: ReturnType<typeof setTimeout> | undefined
}

const registries = new WeakMap<StepwiseClient, Map<string, Entry>>()

function entriesOf(client: StepwiseClient): Map<string, Entry> {
  let entries = registries.get(client)
  if (entries === undefined) {
    entries = new Map()
    registries.set(client, entries)
  }
  return entries
}

/** Drops the entry soon unless someone retains it (a macrotask later, so a StrictMode remount keeps it). */
function scheduleRelease(entries: Map<string, Entry>, executionId: string, entry: Entry): void {
  if (entry.timer !== undefined) clearTimeout(entry.timer)
  entry.timer = setTimeout(() => {
    entry.timer = undefined
    if (entry.refs > 0 || entries.get(executionId) !== entry) return
    entry.disconnect?.()
    entries.delete(executionId)
  }, 0)
}

/**
 * The shared store of an execution (created on first use; options of the first caller win).
 * Safe to call during render: it does not connect until {@link retainExecution}.
 */
export function sharedExecutionStore(client: StepwiseClient, executionId: string, options: ExecutionStoreOptions = {}): ExecutionStore {
  const entries = entriesOf(client)
  let entry = entries.get(executionId)
  if (entry === undefined) {
    entry = { store: new ExecutionStore(options), refs: 0, disconnect: undefined, timer: undefined }
    entries.set(executionId, entry)
    scheduleRelease(entries, executionId, entry) // a render that never commits leaves nothing behind
  }
  return entry.store
}

/** Connects the shared store while retained; returns the release function. */
export function retainExecution(client: StepwiseClient, executionId: string, store: ExecutionStore): () => void {
  const entries = entriesOf(client)
  let entry = entries.get(executionId)
  if (entry === undefined || entry.store !== store) {
    entry = { store, refs: 0, disconnect: undefined, timer: undefined }
    entries.set(executionId, entry)
  }
  const retained = entry
  if (retained.timer !== undefined) clearTimeout(retained.timer)
  retained.timer = undefined
  retained.refs += 1
  retained.disconnect ??= connectExecution(client, executionId, store)
  let released = false
  return () => {
    if (released) return
    released = true
    retained.refs -= 1
    if (retained.refs === 0) scheduleRelease(entries, executionId, retained)
  }
}
