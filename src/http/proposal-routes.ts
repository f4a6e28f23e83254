/**
 * @module
 * Proposal routes: list (all, or of one workflow), get, create, review, apply. The authorized
 * actor is the author of a proposal and the `by` of reviews and applies.
 */
import { z } from 'zod'
import type { ProposalFilter, ProposalStatus } from '../index.js'
import { parseInput } from './read-json-body.js'
import { defined, postRoute, queryLimit, queryValue, type Route } from './route-types.js'

const STATUSES = ['pending', 'approved', 'rejected', 'applied', 'expired'] as const satisfies readonly ProposalStatus[]
const statusSchema = z.enum(STATUSES).optional()
const createSchema = z.object({
  baseHash: z.string().min(1),
  definition: z.record(z.string(), z.unknown()),
  diff: z.string().optional(),
  notes: z.string().optional(),
  expiresAt: z.string().optional(),
})
const reviewSchema = z.object({ approved: z.boolean(), notes: z.string().optional() })
const applySchema = z.object({ notes: z.string().optional() })

function proposalFilter(url: URL, workflowId: string | undefined): ProposalFilter {
  return defined({ workflowId, status: parseInput(statusSchema, queryValue(url, 'status'), 'query parameter status'), limit: queryLimit(url) })
}

/** The proposal routes. */
export const proposalRoutes: Route[] = [
  {
    method: 'GET',
    path: '/workflows/:id/proposals',
    operation: 'proposals.list',
    run: async ({ engine, params, url }) => {
      // An unknown (or foreign) workflow is a 404, not an empty list.
      await engine.workflows.get(params.id)
      return engine.proposals.list(proposalFilter(url, params.id))
    },
  },
  postRoute({ path: '/workflows/:id/proposals', operation: 'proposals.create', status: 201 }, createSchema, (input, { engine, params }) =>
    engine.proposals.create({ workflowId: params.id, baseHash: input.baseHash, definition: input.definition, ...defined({ diff: input.diff, notes: input.notes, expiresAt: input.expiresAt }) }),
  ),
  { method: 'GET', path: '/proposals', operation: 'proposals.list', run: ({ engine, url }) => engine.proposals.list(proposalFilter(url, queryValue(url, 'workflowId'))) },
  { method: 'GET', path: '/proposals/:id', operation: 'proposals.get', run: ({ engine, params }) => engine.proposals.get(params.id) },
  postRoute({ path: '/proposals/:id/review', operation: 'proposals.review' }, reviewSchema, (input, { engine, params }) =>
    engine.proposals.review(params.id, { approved: input.approved, ...defined({ notes: input.notes }) }),
  ),
  postRoute({ path: '/proposals/:id/apply', operation: 'proposals.apply' }, applySchema, (input, { engine, params }) => engine.proposals.apply(params.id, defined({ notes: input.notes }))),
]
