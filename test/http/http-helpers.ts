import { StepwiseError, type Engine, type StorageAdapter, type StorageNotifications } from '../../src/index.js'
import { memoryStorage } from '../../src/index.js'
import { createClient, createHandler, type HandlerOptions, type StepwiseClient } from '../../src/http/index.js'
import { recordingTool, testEngine } from '../helpers.js'

/** An approval between two tool calls. */
export const GATED = {
  id: 'gated',
  name: 'Gated',
  variables: { env: { type: 'string', default: 'staging' } },
  steps: [
    { id: 'before', type: 'tool', tool: 'effect', arguments: { n: 1 } },
    { id: 'gate', type: 'approval', prompt: 'Deploy {{variables.env}}?' },
    { id: 'after', type: 'tool', tool: 'effect', arguments: { n: 2 } },
  ],
}

/** A workflow that completes at once. */
export const QUICK = { id: 'quick', steps: [{ id: 'a', type: 'set', values: { x: '1' } }, { id: 'b', type: 'set', values: { y: '2' } }] }

/**
 * `authorization: Bearer <tenant>[:<actor>]`; `Bearer forbidden` → FORBIDDEN, `Bearer limited` →
 * RATE_LIMITED (retry after 7 s), `Bearer crash` → a plain Error; no header → UNAUTHORIZED.
 */
export const authorize: HandlerOptions['authorize'] = (request) => {
  const header = request.headers.get('authorization')
  if (header === null || !header.startsWith('Bearer ')) throw new StepwiseError('UNAUTHORIZED', 'Missing bearer token.')
  const token = header.slice('Bearer '.length)
  if (token === 'forbidden') throw new StepwiseError('FORBIDDEN', 'Not allowed.')
  if (token === 'limited') throw new StepwiseError('RATE_LIMITED', 'Slow down.', { details: { retryAfterSeconds: 7 } })
  if (token === 'crash') throw new Error('jwt library exploded at /secret/path')
  const colon = token.indexOf(':')
  return colon === -1 ? { tenantId: token } : { tenantId: token.slice(0, colon), actor: token.slice(colon + 1) }
}

/** Counts live storage event subscriptions (one per open `engine.events` iteration). */
export function countingStorage(): { storage: StorageAdapter; active: () => number } {
  const inner = memoryStorage()
  let active = 0
  const notifications: StorageNotifications = {
    onEvents: () => {
      active += 1
      return () => {
        active -= 1
      }
    },
    onWork: () => () => undefined,
  }
  const storage = new Proxy(inner, {
    get(target, property) {
      if (property === 'notifications') return notifications
      const value: unknown = Reflect.get(target, property)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return { storage, active: () => active }
}

/** What a test setup holds. */
export interface HttpSetup {
  engine: Engine
  handler: (request: Request) => Promise<Response>
  client: StepwiseClient
  clientFor: (token: string | undefined) => StepwiseClient
  effect: ReturnType<typeof recordingTool>
  /** Every request the clients sent, in order. */
  requests: Request[]
  active: () => number
}

/** A `fetch` that calls the handler directly. */
export function directFetch(handler: (request: Request) => Promise<Response>, requests: Request[] = []) {
  return async (input: string, init: RequestInit): Promise<Response> => {
    const request = new Request(new URL(input, 'http://stepwise.test'), init)
    requests.push(request)
    return handler(request)
  }
}

/** An engine (memory storage, test clock, an `effect` tool) behind a handler at `/api`, and clients. */
export function httpSetup(options: Partial<HandlerOptions> = {}): HttpSetup {
  const effect = recordingTool((input) => input.n)
  const { storage, active } = countingStorage()
  const { engine } = testEngine({ storage, tools: { effect: effect.tool } })
  const handler = createHandler(engine, { authorize, basePath: '/api', ...options })
  const requests: Request[] = []
  const clientFor = (token: string | undefined) =>
    createClient({ baseUrl: '/api', fetch: directFetch(handler, requests), headers: token === undefined ? {} : { authorization: `Bearer ${token}` } })
  return { engine, handler, client: clientFor('default:user:ana'), clientFor, effect, requests, active }
}

/** Saves {@link GATED} and starts it through `client`; resolves with the id once it waits for the approval. */
export async function startGated(client: StepwiseClient, engine: Engine): Promise<string> {
  await client.workflows.save(GATED)
  const started = await client.executions.start('gated')
  await engine.executions.settled(started.id)
  return started.id
}

/** Resolves once `predicate` holds (polling every 5 ms, failing after `ms`). */
export async function until(predicate: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
