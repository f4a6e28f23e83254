/**
 * @module
 * Trigger routes: list, get, save, remove, fire, deliveries.
 */
import { z } from 'zod'
import { StepwiseError } from '../errors/stepwise-error.js'
import type { Engine, TriggerInput } from '../index.js'
import { keepStoredSecret, redactTriggerSecret } from '../triggers/trigger-secrets.js'
import { parseInput } from './read-json-body.js'
import { defined, postRoute, queryLimit, queryValue, type Route } from './route-types.js'

const TYPES = ['manual', 'schedule', 'webhook', 'event'] as const
const listSchema = z.object({ type: z.enum(TYPES).optional(), enabled: z.enum(['true', 'false']).optional() })
// The engine validates the trigger in full (TRIGGER_INVALID); here only the envelope.
const saveSchema = z.looseObject({ name: z.string(), type: z.string(), workflowId: z.string() })
const fireSchema = z.object({ payload: z.unknown().optional(), headers: z.record(z.string(), z.string()).optional() })

async function listRedacted(engine: Engine, filter: Parameters<Engine['triggers']['list']>[0]) {
  return (await engine.triggers.list(filter)).map(redactTriggerSecret)
}

/** The trigger routes. Webhook secrets are write-only: responses show `[redacted]`, and saving `[redacted]` keeps the stored secret. */
export const triggerRoutes: Route[] = [
  {
    method: 'GET',
    path: '/triggers',
    operation: 'triggers.list',
    run: ({ engine, url }) => {
      const query = parseInput(listSchema, { type: queryValue(url, 'type'), enabled: queryValue(url, 'enabled') }, 'query')
      return listRedacted(engine, defined({ type: query.type, workflowId: queryValue(url, 'workflowId'), enabled: query.enabled === undefined ? undefined : query.enabled === 'true' }))
    },
  },
  postRoute({ path: '/triggers', operation: 'triggers.save' }, saveSchema, async (input, { engine }) => {
    const config = input.config !== null && typeof input.config === 'object' ? await keepStoredSecret(engine, input as { id?: string; name: string }, input.config as Record<string, unknown>) : input.config
    return redactTriggerSecret(await engine.triggers.save({ ...input, config } as unknown as TriggerInput))
  }),
  { method: 'GET', path: '/triggers/:id', operation: 'triggers.get', run: async ({ engine, params }) => redactTriggerSecret(await engine.triggers.get(params.id)) },
  {
    method: 'DELETE',
    path: '/triggers/:id',
    operation: 'triggers.remove',
    run: async ({ engine, params }) => {
      if (!(await engine.triggers.remove(params.id))) throw new StepwiseError('NOT_FOUND', `Trigger ${params.id} not found.`)
      return { removed: true }
    },
  },
  postRoute({ path: '/triggers/:id/fire', operation: 'triggers.fire' }, fireSchema, (input, { engine, params }) => engine.triggers.fire(params.id, input.payload, defined({ headers: input.headers }))),
  {
    method: 'GET',
    path: '/triggers/:id/deliveries',
    operation: 'triggers.deliveries',
    run: ({ engine, params, url }) => engine.triggers.deliveries(params.id, defined({ limit: queryLimit(url), before: queryValue(url, 'before'), deliveryId: queryValue(url, 'deliveryId') })),
  },
]
