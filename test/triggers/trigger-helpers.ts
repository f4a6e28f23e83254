import { createHmac } from 'node:crypto'
import { createEngine, memoryStorage, type Engine, type EngineOptions, type Execution } from '../../src/index.js'
import { createTestClock, type TestClock } from '../../src/testing/index.js'
import { flush } from '../helpers.js'

/** A workflow that records what it was started with. */
export const ECHO = {
  id: 'echo',
  name: 'Echo',
  steps: [{ id: 'note', type: 'set', values: { trigger: 'variables._trigger.type' } }],
}

/** An engine on memory storage with a test clock and the echo workflow saved. */
export async function triggerEngine(options: EngineOptions & { start?: string } = {}): Promise<{ engine: Engine; clock: TestClock }> {
  const clock = (options.clock as TestClock | undefined) ?? createTestClock(options.start ?? '2026-01-01T00:00:00.000Z')
  const engine = createEngine({ storage: memoryStorage(), ...options, clock })
  await engine.workflows.save(ECHO)
  return { engine, clock }
}

/** Executions of a workflow, oldest first. */
export async function executionsOf(engine: Engine, workflowId = 'echo'): Promise<Execution[]> {
  await flush(10)
  return (await engine.executions.list({ workflowId, limit: 500 })).reverse()
}

/** The schedule ticks (ISO) of the executions, oldest first. */
export async function ticksRun(engine: Engine, workflowId = 'echo'): Promise<string[]> {
  return (await executionsOf(engine, workflowId)).map((e) => String(e.trigger?.tick)).sort()
}

/** `sha256=<hex>` of HMAC-SHA256(secret, body). */
export function githubSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
}

/** Standard Webhooks headers for a body. */
export function standardHeaders(secret: string, id: string, timestampSeconds: number, body: string): Record<string, string> {
  const key = secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret)
  const signature = createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')
  return { 'webhook-id': id, 'webhook-timestamp': String(timestampSeconds), 'webhook-signature': `v1,${signature}` }
}

/** A webhook POST request. */
export function webhookRequest(path: string, body: unknown, headers: Record<string, string> = {}, method = 'POST'): Request {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  return new Request(`https://app.example.com/api/webhooks/${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(method === 'GET' || method === 'HEAD' ? {} : { body: text }),
  })
}
