/**
 * @module
 * `createClient`: the typed counterpart of `createHandler`. Browser-safe (fetch only, public
 * types only).
 */
import type {
  ApplyProposalResult,
  ApprovalDecision,
  ApprovalRecord,
  DeliveryPage,
  Execution,
  FireResult,
  ProposalRecord,
  SavedWorkflow,
  SaveResult,
  StepRecord,
  TriggerRecord,
  ValidationResult,
  WorkflowRecord,
  WorkflowVersionRecord,
} from '../index.js'
import type { ClientOptions, StepwiseClient } from './client-types.js'
import { createTransport, segment, type Query } from './client-transport.js'
import { eventsIterable, subscribeToEvents } from './subscribe-events.js'

/**
 * Creates a client for a `createHandler` mounted at `baseUrl`. Every method maps to one route;
 * failures reject with a `StepwiseError` carrying the server's `code` and `details`.
 *
 * @example
 * ```ts
 * const client = createClient({ baseUrl: '/api/stepwise', headers: { authorization: `Bearer ${token}` } })
 * const execution = await client.executions.start('triage', { variables: { issue: 42 } })
 * const stop = client.executions.subscribe(execution.id, { onEvent: (event) => console.log(event.seq, event.type) })
 * ```
 */
export function createClient(options: ClientOptions): StepwiseClient {
  const t = createTransport(options)
  const workflow = (id: string): string => `/workflows/${segment(id)}`
  const execution = (id: string): string => `/executions/${segment(id)}`
  const trigger = (id: string): string => `/triggers/${segment(id)}`
  const proposal = (id: string): string => `/proposals/${segment(id)}`
  const optional = <T extends object>(value: T | undefined): T | Record<string, never> => value ?? {}
  return {
    workflows: {
      list: () => t.json<WorkflowRecord[]>({ method: 'GET', path: '/workflows' }),
      get: (id) => t.json<SavedWorkflow>({ method: 'GET', path: workflow(id) }),
      save: (definition, opts) => t.json<SaveResult>({ method: 'POST', path: '/workflows', body: { definition, ...optional(opts) } }),
      validate: (definition) => t.json<ValidationResult>({ method: 'POST', path: '/workflows/validate', body: { definition } }),
      history: (id) => t.json<WorkflowVersionRecord[]>({ method: 'GET', path: `${workflow(id)}/history` }),
      rollback: (id, opts) => t.json<SaveResult>({ method: 'POST', path: `${workflow(id)}/rollback`, body: opts }),
      delete: async (id) => (await t.json<{ deleted: boolean }>({ method: 'DELETE', path: workflow(id) })).deleted,
    },
    executions: {
      start: (workflowRef, opts) => t.json<Execution>({ method: 'POST', path: '/executions', body: { workflow: workflowRef, ...optional(opts) } }),
      get: (id) => t.json<Execution>({ method: 'GET', path: execution(id) }),
      list: (filter = {}) => {
        const query: Query = { workflowId: filter.workflowId, limit: filter.limit, before: filter.before }
        if (filter.status !== undefined) query.status = typeof filter.status === 'string' ? [filter.status] : filter.status
        return t.json<Execution[]>({ method: 'GET', path: '/executions', query })
      },
      steps: (id) => t.json<StepRecord[]>({ method: 'GET', path: `${execution(id)}/steps` }),
      cancel: (id, opts) => t.json<Execution>({ method: 'POST', path: `${execution(id)}/cancel`, body: optional(opts) }),
      approve: (id, input) => t.json<ApprovalDecision>({ method: 'POST', path: `${execution(id)}/approve`, body: input }),
      retryFrom: (id, opts) => t.json<Execution>({ method: 'POST', path: `${execution(id)}/retry-from`, body: opts }),
      approvals: (id) => t.json<ApprovalRecord[]>({ method: 'GET', path: `${execution(id)}/approvals` }),
      subscribe: (id, opts) => subscribeToEvents(t, id, opts),
      events: (id, opts) => eventsIterable(t, id, opts),
    },
    triggers: {
      list: (filter = {}) => t.json<TriggerRecord[]>({ method: 'GET', path: '/triggers', query: { type: filter.type, workflowId: filter.workflowId, enabled: filter.enabled } }),
      get: (id) => t.json<TriggerRecord>({ method: 'GET', path: trigger(id) }),
      save: (input) => t.json<TriggerRecord>({ method: 'POST', path: '/triggers', body: input }),
      remove: async (id) => (await t.json<{ removed: boolean }>({ method: 'DELETE', path: trigger(id) })).removed,
      fire: (id, payload, opts) => t.json<FireResult>({ method: 'POST', path: `${trigger(id)}/fire`, body: { payload, ...optional(opts) } }),
      deliveries: (id, opts = {}) =>
        t.json<DeliveryPage>({ method: 'GET', path: `${trigger(id)}/deliveries`, query: { limit: opts.limit, before: opts.before, deliveryId: opts.deliveryId } }),
    },
    proposals: {
      list: (filter = {}) =>
        t.json<ProposalRecord[]>({
          method: 'GET',
          path: filter.workflowId === undefined ? '/proposals' : `${workflow(filter.workflowId)}/proposals`,
          query: { status: filter.status, limit: filter.limit },
        }),
      get: (id) => t.json<ProposalRecord>({ method: 'GET', path: proposal(id) }),
      create: (workflowId, input) => t.json<ProposalRecord>({ method: 'POST', path: `${workflow(workflowId)}/proposals`, body: input }),
      review: (id, input) => t.json<ProposalRecord>({ method: 'POST', path: `${proposal(id)}/review`, body: input }),
      apply: (id, input) => t.json<ApplyProposalResult>({ method: 'POST', path: `${proposal(id)}/apply`, body: optional(input) }),
    },
    draft: <T>(input: Parameters<StepwiseClient['draft']>[0]) => t.json<T>({ method: 'POST', path: '/workflows/draft', body: input }),
  }
}
