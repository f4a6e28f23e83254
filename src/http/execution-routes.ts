/**
 * @module
 * Execution routes: start, list, get, steps, cancel, approve, retry-from, approvals, and the
 * SSE event stream.
 */
import { z } from 'zod'
import type { ExecutionFilter, ExecutionStatus } from '../index.js'
import { eventStreamResponse, resumeSeq } from './event-stream-response.js'
import { parseInput } from './read-json-body.js'
import { defined, postRoute, queryLimit, queryValue, type Route } from './route-types.js'

const STATUSES = ['pending', 'running', 'waiting', 'completed', 'failed', 'cancelled'] as const satisfies readonly ExecutionStatus[]

const startSchema = z.object({
  workflow: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
  variables: z.record(z.string(), z.unknown()).optional(),
  idempotencyKey: z.string().min(1).optional(),
})
const cancelSchema = z.object({ reason: z.string().optional() })
const approveSchema = z.object({
  approved: z.boolean(),
  comment: z.string().optional(),
  stepId: z.string().min(1).optional(),
  iterationPath: z.string().optional(),
})
const retryFromSchema = z.object({ stepId: z.string().min(1), iterationPath: z.string().optional() })
const statusSchema = z.array(z.enum(STATUSES))
const beforeSchema = z.iso.datetime({ offset: true }).optional()

/** `GET /executions` query: `workflowId`, `status` (repeatable), `limit`, `before`. */
function executionFilter(url: URL): ExecutionFilter {
  const status = parseInput(statusSchema, url.searchParams.getAll('status'), 'query parameter status')
  return defined({
    workflowId: queryValue(url, 'workflowId'),
    status: status.length === 0 ? undefined : status,
    limit: queryLimit(url),
    before: parseInput(beforeSchema, queryValue(url, 'before'), 'query parameter before'),
  })
}

/** The execution routes. */
export const executionRoutes: Route[] = [
  postRoute({ path: '/executions', operation: 'executions.start', status: 201 }, startSchema, (input, { engine }) =>
    engine.start(input.workflow, defined({ variables: input.variables, idempotencyKey: input.idempotencyKey })),
  ),
  { method: 'GET', path: '/executions', operation: 'executions.list', run: ({ engine, url }) => engine.executions.list(executionFilter(url)) },
  { method: 'GET', path: '/executions/:id', operation: 'executions.get', run: ({ engine, params }) => engine.executions.get(params.id) },
  { method: 'GET', path: '/executions/:id/steps', operation: 'executions.steps', run: ({ engine, params }) => engine.executions.steps(params.id) },
  postRoute({ path: '/executions/:id/cancel', operation: 'executions.cancel' }, cancelSchema, (input, { engine, params }) => engine.executions.cancel(params.id, defined({ reason: input.reason }))),
  postRoute({ path: '/executions/:id/approve', operation: 'executions.approve' }, approveSchema, (input, { engine, params }) =>
    engine.executions.approve(params.id, { approved: input.approved, ...defined({ comment: input.comment, stepId: input.stepId, iterationPath: input.iterationPath }) }),
  ),
  postRoute({ path: '/executions/:id/retry-from', operation: 'executions.retryFrom', status: 201 }, retryFromSchema, (input, { engine, params }) =>
    engine.executions.retryFrom(params.id, { stepId: input.stepId, ...defined({ iterationPath: input.iterationPath }) }),
  ),
  { method: 'GET', path: '/executions/:id/approvals', operation: 'executions.approvals', run: ({ engine, params }) => engine.executions.approvals(params.id) },
  {
    method: 'GET',
    path: '/executions/:id/events',
    operation: 'executions.events',
    run: ({ engine, params, url, request, heartbeatMs, options }) =>
      eventStreamResponse(engine, params.id, resumeSeq(request, url), {
        heartbeatMs,
        request,
        ...(options.onError === undefined ? {} : { onError: (error: unknown) => options.onError?.(error, request) }),
      }),
  },
]
