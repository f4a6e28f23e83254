/**
 * @module
 * Every REST route of the handler, in match order (literal segments before `:id`).
 */
import { executionRoutes } from './execution-routes.js'
import { proposalRoutes } from './proposal-routes.js'
import type { Route } from './route-types.js'
import { triggerRoutes } from './trigger-routes.js'
import { workflowRoutes } from './workflow-routes.js'

/** The route table (webhooks, `ANY /webhooks/<path>`, are served before it, without `authorize`). */
export const ROUTES: readonly Route[] = [...workflowRoutes, ...executionRoutes, ...triggerRoutes, ...proposalRoutes]
