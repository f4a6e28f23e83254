/**
 * @module
 * Workflow routes: list, get, save, validate, history, rollback, delete, draft.
 */
import { z } from 'zod'
import { StepwiseError } from '../errors/stepwise-error.js'
import { errorResponse } from './error-response.js'
import { parseInput } from './read-json-body.js'
import { defined, postRoute, type Route } from './route-types.js'
import type { DraftRequest } from './wire-types.js'

const saveSchema = z.object({ definition: z.record(z.string(), z.unknown()), notes: z.string().optional() })
const validateSchema = z.object({ definition: z.unknown() })
const rollbackSchema = z.object({ hash: z.string().min(1), notes: z.string().optional() })
const draftSchema = z.looseObject({
  prompt: z.string().min(1),
  base: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).optional(),
  stepIds: z.array(z.string()).optional(),
  instruction: z.string().optional(),
})

/** The workflow routes. */
export const workflowRoutes: Route[] = [
  { method: 'GET', path: '/workflows', operation: 'workflows.list', run: ({ engine }) => engine.workflows.list() },
  postRoute({ path: '/workflows', operation: 'workflows.save' }, saveSchema, (input, { engine }) => engine.workflows.save(input.definition, defined({ notes: input.notes }))),
  postRoute({ path: '/workflows/validate', operation: 'workflows.validate' }, validateSchema, (input, { engine }) => engine.workflows.validate(input.definition)),
  {
    method: 'POST',
    path: '/workflows/draft',
    operation: 'workflows.draft',
    run: async ({ engine, body, auth, request, options }) => {
      if (options.draft === undefined) return errorResponse(new StepwiseError('CONFIGURATION_INVALID', 'Drafting is not configured on this server (createHandler({ draft })).'), 501)
      const input = parseInput(draftSchema, body, 'request body') as DraftRequest
      const result: unknown = await options.draft(input, { engine, tenantId: auth.tenantId, request, ...defined({ actor: auth.actor }) })
      return result ?? null
    },
  },
  { method: 'GET', path: '/workflows/:id', operation: 'workflows.get', run: ({ engine, params }) => engine.workflows.get(params.id) },
  {
    method: 'DELETE',
    path: '/workflows/:id',
    operation: 'workflows.delete',
    run: async ({ engine, params }) => {
      // An unknown (or foreign) id is a 404 like on every other route; the engine answers false.
      if (!(await engine.workflows.delete(params.id))) throw new StepwiseError('NOT_FOUND', `Workflow ${params.id} not found.`)
      return { deleted: true }
    },
  },
  { method: 'GET', path: '/workflows/:id/history', operation: 'workflows.history', run: ({ engine, params }) => engine.workflows.history(params.id) },
  postRoute({ path: '/workflows/:id/rollback', operation: 'workflows.rollback' }, rollbackSchema, (input, { engine, params }) =>
    engine.workflows.rollback(params.id, { hash: input.hash, ...defined({ notes: input.notes }) }),
  ),
]
