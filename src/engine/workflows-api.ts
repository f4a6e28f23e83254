import { StepwiseError } from '../errors/stepwise-error.js'
import { canonicalHash } from '../language/canonical-hash.js'
import type { ValidationResult, WorkflowDefinition } from '../language/workflow-types.js'
import type { EngineCore } from './engine-core.js'
import type { SaveResult, SavedWorkflow, WorkflowsApi } from './engine-types.js'
import type { WorkflowVersionSource } from './records.js'

/** Validates with the names the engine knows (tools, models, notifiers). */
export function validateWithEngine(core: EngineCore, definition: unknown): ValidationResult {
  const services = core.servicesFor(undefined)
  return core.validator.validate(definition, {
    tools: Object.keys(services.tools),
    models: Object.keys(services.models),
    notifiers: Object.keys(services.notifiers),
  })
}

/** Validates or throws `WORKFLOW_INVALID` with `details.issues`. */
export function requireValid(core: EngineCore, definition: unknown): WorkflowDefinition {
  const result = validateWithEngine(core, definition)
  if (!result.ok) {
    const summary = result.issues.slice(0, 5).map((i) => `${i.path || '/'}: ${i.message}`).join('; ')
    throw new StepwiseError('WORKFLOW_INVALID', `Workflow is invalid (${result.issues.length} issue${result.issues.length === 1 ? '' : 's'}): ${summary}`, {
      details: { issues: result.issues },
    })
  }
  return result.workflow
}

function notFound(id: string): StepwiseError {
  return new StepwiseError('NOT_FOUND', `Workflow ${id} not found.`, { details: { workflowId: id } })
}

/** Records `workflow` as a new version of its id (no-op when it is already the head). */
export async function storeWorkflow(
  core: EngineCore,
  tenantId: string,
  workflow: WorkflowDefinition,
  source: WorkflowVersionSource,
  author?: string,
  notes?: string,
): Promise<SaveResult> {
  const hash = canonicalHash(workflow)
  const input: Parameters<EngineCore['storage']['saveWorkflow']>[1] = { workflowId: workflow.id, hash, definition: workflow, source, now: new Date(core.now()).toISOString() }
  if (workflow.name !== undefined) input.name = workflow.name
  if (author !== undefined) input.author = author
  if (notes !== undefined) input.notes = notes
  const result = await core.storage.saveWorkflow(tenantId, input)
  return { id: workflow.id, version: result.workflow.version, hash: result.workflow.hash, changed: result.changed }
}

/** Creates the workflows API of one tenant, acting as `actor` (the default author of versions). */
export function createWorkflowsApi(core: EngineCore, tenantId: string, actor?: string): WorkflowsApi {
  const storage = core.storage
  const store = (workflow: WorkflowDefinition, source: WorkflowVersionSource, author?: string, notes?: string): Promise<SaveResult> =>
    storeWorkflow(core, tenantId, workflow, source, author ?? actor, notes)
  const get = async (id: string): Promise<SavedWorkflow> => {
    const record = typeof id === 'string' ? await storage.getWorkflow(tenantId, id) : undefined
    if (record === undefined) throw notFound(String(id))
    const definition = (await storage.getSnapshot(tenantId, record.hash)) as WorkflowDefinition
    return { ...record, definition }
  }
  return {
    async save(definition, options = {}) {
      const workflow = requireValid(core, definition)
      return store(workflow, 'save', options.author, options.notes)
    },
    validate(definition) {
      return validateWithEngine(core, definition)
    },
    get,
    async update(id, changes, options = {}) {
      if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) {
        throw new StepwiseError('INVALID_ARGUMENT', 'workflows.update needs an object of top-level fields to change (e.g. { name } or { steps }).')
      }
      const current = await get(id)
      const workflow = requireValid(core, { ...current.definition, ...changes, id })
      return store(workflow, 'update', options.author, options.notes)
    },
    list: () => storage.listWorkflows(tenantId),
    async history(id) {
      const versions = await storage.listWorkflowVersions(tenantId, id)
      if (versions.length === 0) throw notFound(id)
      return versions
    },
    async rollback(id, options) {
      const versions = await storage.listWorkflowVersions(tenantId, id)
      const target = versions.find((v) => v.hash === options.hash)
      if (target === undefined) throw new StepwiseError('NOT_FOUND', `Workflow ${id} has no version with hash ${options.hash}.`)
      const head = await storage.getWorkflow(tenantId, id)
      if (head !== undefined && head.hash === options.hash) return { id, version: head.version, hash: head.hash, changed: false }
      const definition = (await storage.getSnapshot(tenantId, target.hash)) as WorkflowDefinition
      return store(requireValid(core, definition), 'rollback', options.author, options.notes ?? `Rollback to ${options.hash}`)
    },
    delete: (id) => storage.deleteWorkflow(tenantId, id),
  }
}
