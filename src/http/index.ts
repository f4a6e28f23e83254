/**
 * `stepwise/http`: a Fetch-API request handler serving the engine over REST and Server-Sent
 * Events (`createHandler`, `toNodeHandler`), and its typed, browser-safe client (`createClient`).
 * See docs/http-api.md.
 *
 * @packageDocumentation
 */
export { createHandler } from './create-handler.js'
export type {
  HandlerOptions,
  Authorize,
  AuthorizeInfo,
  AuthContext,
  HandlerOperation,
  DraftHandler,
  RequestContext,
} from './handler-types.js'
export { toNodeHandler } from './to-node-handler.js'
export type { FetchHandler, NodeHandler } from './to-node-handler.js'
export { createClient } from './create-client.js'
export type {
  StepwiseClient,
  ClientOptions,
  FetchLike,
  SubscribeOptions,
  EventsIterableOptions,
  WorkflowsClient,
  ExecutionsClient,
  TriggersClient,
  ProposalsClient,
} from './client-types.js'
export type {
  SaveWorkflowRequest,
  ValidateWorkflowRequest,
  RollbackRequest,
  StartExecutionRequest,
  ApproveRequest,
  CancelRequestBody,
  RetryFromRequest,
  FireTriggerRequest,
  DraftRequest,
  CreateProposalRequest,
  ReviewProposalRequest,
  ApplyProposalRequest,
  ErrorResponseBody,
} from './wire-types.js'
