/**
 * `stepwise/http`: a Fetch-API request handler serving the engine over REST and Server-Sent
 * Events (`createHandler`, `toNodeHandler`), and its typed, browser-safe client (`createClient`).
 * See docs/http-api.md.
 *
 * @packageDocumentation
 */
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
  ErrorResponseBody,
} from './wire-types.js'
