import { randomUUID } from 'node:crypto'
import type { StorageNotifications } from '../storage-adapter.js'
import type { PgClientLike, PgNotificationLike, PgQueryConfigLike } from './pg-types.js'
import type { PostgresChannels } from './postgres-sql.js'

/** NOTIFY payloads are capped at 8000 bytes by PostgreSQL; ids longer than this send no signal. */
const MAX_PAYLOAD = 7900

/** Payload of an events notification: tenant, execution, highest committed seq. */
export function eventsPayload(tenantId: string, executionId: string, lastSeq: number): string | null {
  const text = JSON.stringify({ t: tenantId, e: executionId, s: lastSeq })
  return text.length > MAX_PAYLOAD ? null : text
}

/** Payload of a work notification: tenant (and the execution concerned). */
export function workPayload(tenantId: string, executionId: string): string | null {
  const text = JSON.stringify({ t: tenantId, e: executionId })
  return text.length > MAX_PAYLOAD ? null : text
}

type Channel = keyof PostgresChannels

/** How the listener gets and gives back its dedicated connection, and the statements it runs there. */
export interface ListenConnection {
  /** Opens the dedicated connection (after the schema is migrated). */
  open(): Promise<PgClientLike>
  /** Closes it (`broken`: it failed and must not be reused). */
  close(client: PgClientLike, broken: boolean): Promise<void>
  /** Watcher-row statements: `$1` tenants, `$2` executions, `$3` watcher id, `$4` seconds to live. */
  watch: PgQueryConfigLike
  /** `$1` tenants, `$2` executions, `$3` watcher id. */
  unwatch: PgQueryConfigLike
  /** `$1` watcher id, `$2` seconds to live. */
  refreshWatches: PgQueryConfigLike
  /** `$1` watcher id (also removes expired rows of crashed processes). */
  unwatchAll: PgQueryConfigLike
}

/** A watcher row lives this long unless refreshed (every third of it). */
const WATCH_TTL_SECONDS = 90

/**
 * {@link StorageNotifications} over LISTEN/NOTIFY on one dedicated connection, opened on the
 * first subscription. A channel is LISTENed only while it has subscribers (a worker listens for
 * work, an event stream for events), so a process does not receive signals nobody wants. Event
 * streams also register their executions in `stepwise_event_watchers` (after LISTEN, refreshed
 * while subscribed): commits NOTIFY events only for watched executions. When the connection
 * fails it is reopened with backoff, and every subscriber is then called once, since signals may
 * have been missed meanwhile (they are hints: storage stays the truth).
 */
export class PostgresNotifications implements StorageNotifications {
  readonly #channels: PostgresChannels
  readonly #connection: ListenConnection
  readonly #events = new Map<string, Set<(lastSeq: number) => void>>()
  readonly #work = new Set<(tenantId: string) => void>()
  readonly #listening = new Set<Channel>()
  readonly #tenants = new Set<string>()
  /** Executions (`tenant\u0000execution`) with a watcher row for this process. */
  readonly #watched = new Set<string>()
  readonly #watcherId = randomUUID()
  #refreshTimer?: ReturnType<typeof setInterval>
  #client?: Promise<PgClientLike>
  #opened?: PgClientLike
  #ops: Promise<unknown> = Promise.resolve()
  #retryMs = 100
  #retryTimer?: ReturnType<typeof setTimeout>
  #closed = false

  /** Listens on `channels` over connections from `connection`. */
  constructor(channels: PostgresChannels, connection: ListenConnection) {
    this.#channels = channels
    this.#connection = connection
  }

  /** Calls `listener` when events of the execution were committed by any process (it is watched meanwhile). Returns unsubscribe. */
  onEvents(tenantId: string, executionId: string, listener: (lastSeq: number) => void): () => void {
    const key = `${tenantId}\u0000${executionId}`
    let set = this.#events.get(key)
    if (set === undefined) this.#events.set(key, (set = new Set()))
    set.add(listener)
    this.#tenants.add(tenantId)
    this.#sync()
    return () => {
      set.delete(listener)
      if (set.size === 0 && this.#events.get(key) === set) this.#events.delete(key)
      this.#sync()
    }
  }

  /** Calls `listener` when work may be due in a tenant (any process). Returns unsubscribe. */
  onWork(listener: (tenantId: string) => void): () => void {
    this.#work.add(listener)
    this.#sync()
    return () => {
      this.#work.delete(listener)
      this.#sync()
    }
  }

  /** Resolves when LISTEN/UNLISTEN for the current subscribers has been sent (for tests). */
  async ready(): Promise<void> {
    await this.#ops.catch(() => undefined)
  }

  /** Stops listening and closes the dedicated connection. */
  async close(): Promise<void> {
    this.#closed = true
    if (this.#retryTimer !== undefined) clearTimeout(this.#retryTimer)
    if (this.#refreshTimer !== undefined) clearInterval(this.#refreshTimer)
    this.#events.clear()
    this.#work.clear()
    await this.#ops.catch(() => undefined)
    if (this.#opened !== undefined && this.#watched.size > 0) {
      await this.#opened.query({ ...this.#connection.unwatchAll, values: [this.#watcherId] }).catch(() => undefined)
    }
    const opening = this.#client
    this.#client = undefined
    this.#opened = undefined
    const client = await opening?.catch(() => undefined)
    if (client !== undefined) await this.#connection.close(client, false).catch(() => undefined)
  }

  #wanted(): Set<Channel> {
    const wanted = new Set<Channel>()
    if (this.#events.size > 0) wanted.add('events')
    if (this.#work.size > 0) wanted.add('work')
    return wanted
  }

  /** Queues LISTEN/UNLISTEN so the listened channels match the subscribers. */
  #sync(): void {
    if (this.#closed) return
    this.#ops = this.#ops
      .then(async () => {
        const wanted = this.#wanted()
        if (wanted.size === 0 && this.#client === undefined) return
        const client = await this.#connect()
        for (const channel of ['events', 'work'] as const) {
          const name = this.#channels[channel].replace(/"/g, '""')
          if (wanted.has(channel) && !this.#listening.has(channel)) {
            await client.query(`LISTEN "${name}"`)
            this.#listening.add(channel)
          } else if (!wanted.has(channel) && this.#listening.has(channel)) {
            await client.query(`UNLISTEN "${name}"`)
            this.#listening.delete(channel)
          }
        }
        await this.#syncWatches(client)
      })
      .catch(() => this.#broken())
  }

  /** Adds and removes watcher rows so they match the executions subscribed here. */
  async #syncWatches(client: PgClientLike): Promise<void> {
    const add = [...this.#events.keys()].filter((key) => !this.#watched.has(key))
    const remove = [...this.#watched].filter((key) => !this.#events.has(key))
    const columns = (keys: string[]): [string[], string[]] => [keys.map((k) => k.split('\u0000')[0]), keys.map((k) => k.slice(k.indexOf('\u0000') + 1))]
    if (add.length > 0) {
      await client.query({ ...this.#connection.watch, values: [...columns(add), this.#watcherId, WATCH_TTL_SECONDS] })
      for (const key of add) this.#watched.add(key)
    }
    if (remove.length > 0) {
      await client.query({ ...this.#connection.unwatch, values: [...columns(remove), this.#watcherId] })
      for (const key of remove) this.#watched.delete(key)
    }
    if (this.#watched.size > 0 && this.#refreshTimer === undefined) {
      this.#refreshTimer = setInterval(() => this.#refresh(), (WATCH_TTL_SECONDS * 1000) / 3)
      this.#refreshTimer.unref?.()
    } else if (this.#watched.size === 0 && this.#refreshTimer !== undefined) {
      clearInterval(this.#refreshTimer)
      this.#refreshTimer = undefined
    }
  }

  #refresh(): void {
    this.#ops = this.#ops
      .then(async () => {
        if (this.#opened !== undefined && this.#watched.size > 0) {
          await this.#opened.query({ ...this.#connection.refreshWatches, values: [this.#watcherId, WATCH_TTL_SECONDS] })
        }
      })
      .catch(() => this.#broken())
  }

  #connect(): Promise<PgClientLike> {
    if (this.#client !== undefined) return this.#client
    const opening = this.#connection.open().then((client) => {
      client.on('notification', (message) => this.#dispatch(message))
      client.on('error', () => this.#broken(client))
      client.on('end', () => this.#broken(client))
      if (this.#client === opening) this.#opened = client
      return client
    })
    this.#client = opening
    opening.catch(() => undefined)
    return opening
  }

  /** The connection failed (or could not be opened): drop it and reconnect with backoff while anyone listens. */
  #broken(client?: PgClientLike): void {
    if (client !== undefined && client !== this.#opened) return
    const old = this.#opened
    this.#client = undefined
    this.#opened = undefined
    this.#listening.clear()
    // Rows of the old connection stay until they expire; the reconnect registers them again.
    this.#watched.clear()
    if (old !== undefined) void this.#connection.close(old, true).catch(() => undefined)
    if (this.#closed || this.#retryTimer !== undefined) return
    const delay = this.#retryMs
    this.#retryMs = Math.min(this.#retryMs * 2, 5_000)
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined
      if (this.#closed || this.#wanted().size === 0) return
      this.#sync()
      void this.#ops.then(() => {
        if (this.#opened === undefined) return
        this.#retryMs = 100
        this.#wakeEveryone()
      })
    }, delay)
    this.#retryTimer.unref?.()
  }

  /** After a reconnect: every subscriber re-reads storage once. */
  #wakeEveryone(): void {
    for (const set of [...this.#events.values()]) for (const listener of [...set]) safely(() => listener(-1))
    for (const tenant of this.#tenants) for (const listener of [...this.#work]) safely(() => listener(tenant))
  }

  #dispatch(message: PgNotificationLike): void {
    let payload: { t?: unknown; e?: unknown; s?: unknown }
    try {
      payload = JSON.parse(message.payload ?? '') as typeof payload
    } catch {
      return
    }
    if (typeof payload.t !== 'string') return
    if (message.channel === this.#channels.events && typeof payload.e === 'string') {
      const set = this.#events.get(`${payload.t}\u0000${payload.e}`)
      if (set !== undefined) for (const listener of [...set]) safely(() => listener(Number(payload.s)))
    } else if (message.channel === this.#channels.work) {
      const tenant = payload.t
      this.#tenants.add(tenant)
      for (const listener of [...this.#work]) safely(() => listener(tenant))
    }
  }
}

function safely(fn: () => void): void {
  try {
    fn()
  } catch {
    // A listener's failure must not stop the others.
  }
}
