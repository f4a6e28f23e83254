/**
 * @module
 * A fetched value with `refresh()` and an optional refresh interval: the shared core of the list
 * and read hooks. Results of superseded requests are dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react'

/** Options of the list and read hooks. */
export interface ResourceOptions {
  /** Fetch again every this many ms. Off by default: call `refresh()` when you know something changed. */
  refreshIntervalMs?: number
}

/** A fetched value and how to fetch it again. */
export interface ResourceState<T> {
  /** The last value fetched, kept while a refresh runs. */
  data: T | undefined
  /** True while the first fetch (or the first after the key changed) runs. */
  isLoading: boolean
  /** The error of the last fetch, cleared by the next success. */
  error: Error | undefined
  /** Fetches again; resolves when done (never rejects: the error lands in `error`). */
  refresh(): Promise<void>
}

interface State<T> {
  key: string
  data: T | undefined
  error: Error | undefined
  settled: boolean
}

/**
 * Fetches with `load` whenever `key` changes (a `key` of `undefined` fetches nothing), and every
 * `refreshIntervalMs` when given. `load` may change identity freely; `key` decides.
 */
export function useResource<T>(key: string | undefined, load: () => Promise<T>, options: ResourceOptions = {}): ResourceState<T> {
  const [state, setState] = useState<State<T>>({ key: key ?? '', data: undefined, error: undefined, settled: key === undefined })
  const loadRef = useRef(load)
  useEffect(() => {
    loadRef.current = load
  })
  const request = useRef(0)

  const refresh = useCallback(async (): Promise<void> => {
    if (key === undefined) return
    const id = ++request.current
    try {
      const data = await loadRef.current()
      if (id === request.current) setState({ key, data, error: undefined, settled: true })
    } catch (error) {
      if (id === request.current) setState((before) => ({ key, data: before.key === key ? before.data : undefined, error: error instanceof Error ? error : new Error(String(error)), settled: true }))
    }
  }, [key])

  useEffect(() => {
    void refresh()
    return () => {
      request.current += 1
    }
  }, [refresh])

  const { refreshIntervalMs } = options
  useEffect(() => {
    if (key === undefined || refreshIntervalMs === undefined || refreshIntervalMs <= 0) return undefined
    const timer = setInterval(() => void refresh(), refreshIntervalMs)
    return () => clearInterval(timer)
  }, [key, refresh, refreshIntervalMs])

  const current = state.key === (key ?? '')
  return {
    data: current ? state.data : undefined,
    isLoading: key !== undefined && (!current || !state.settled),
    error: current ? state.error : undefined,
    refresh,
  }
}
