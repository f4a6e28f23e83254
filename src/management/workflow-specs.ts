/**
 * @module
 * The eight workflow tools: list, get, history, save, update, run, delete, rollback.
 */
import { z } from 'zod'
import { StepwiseError } from '../errors/stepwise-error.js'
import { compact, jsonObjectField, notesField, parseJsonObject, workflowIdField } from './input-schemas.js'
import { defineWorkflowTool, refuseSelfStart } from './workflow-tool-spec.js'

/** Workflow tools by name. */
export const workflowSpecs = {
  list_workflows: defineWorkflowTool({
    description: 'List the saved workflows: id, name, current version and hash, last update. Start here to find a workflow id.',
    risk: 'low',
    readOnly: true,
    inputSchema: z.object({}),
    async run(_input, { engine }) {
      const workflows = await engine.workflows.list()
      return { workflows: workflows.map(({ id, name, version, hash, updatedAt }) => ({ id, name, version, hash, updatedAt })) }
    },
  }),

  get_workflow: defineWorkflowTool({
    description: 'Read one workflow: its current version, hash and full JSON definition (steps, variables, constraints).',
    risk: 'low',
    readOnly: true,
    inputSchema: z.object({ workflowId: workflowIdField }),
    async run({ workflowId }, { engine }) {
      return { workflow: await engine.workflows.get(workflowId) }
    },
  }),

  list_workflow_history: defineWorkflowTool({
    description: 'List the saved versions of a workflow, newest first: version, hash, source (save, update, rollback, proposal), author, notes. Use a hash with rollback_workflow.',
    risk: 'low',
    readOnly: true,
    inputSchema: z.object({ workflowId: workflowIdField, limit: z.number().int().min(1).max(200).optional().describe('At most this many versions (default 50).') }),
    async run({ workflowId, limit }, { engine }) {
      const versions = await engine.workflows.history(workflowId)
      const head = await engine.workflows.get(workflowId)
      return { currentHash: head.hash, currentVersion: head.version, versions: versions.slice(0, limit ?? 50) }
    },
  }),

  save_workflow: defineWorkflowTool({
    description:
      'Create a workflow, or replace one with the same id, from a full JSON definition ({ id, name?, variables?, steps: [...] }). The definition is validated: on failure the result lists each issue with its JSON path; fix them and save again. Records a new version.',
    risk: 'medium',
    mutatesWorkflows: true,
    inputSchema: z.object({ definition: jsonObjectField('The complete workflow definition.'), notes: notesField }),
    async run({ definition, notes }, { engine, actor }) {
      const saved = await engine.workflows.save(parseJsonObject(definition, 'definition'), { author: actor, ...compact({ notes }) })
      return { ...saved }
    },
  }),

  update_workflow: defineWorkflowTool({
    description:
      'Change some top-level fields of a saved workflow (for example name, description, variables, steps, limits) and keep the rest. The result is validated like a save and recorded as a new version.',
    risk: 'medium',
    mutatesWorkflows: true,
    inputSchema: z.object({ workflowId: workflowIdField, changes: jsonObjectField('Top-level fields to replace, e.g. { "name": "…" } or { "steps": [...] }.'), notes: notesField }),
    async run({ workflowId, changes, notes }, { engine, actor }) {
      const saved = await engine.workflows.update(workflowId, parseJsonObject(changes, 'changes'), { author: actor, ...compact({ notes }) })
      return { ...saved }
    },
  }),

  run_workflow: defineWorkflowTool({
    description:
      'Start a saved workflow now with input variables. Returns at once with the execution id; follow it with get_execution or debug_execution. The same idempotencyKey never starts the workflow twice.',
    risk: 'medium',
    inputSchema: z.object({
      workflowId: workflowIdField,
      variables: jsonObjectField('Input variables, by name, as the workflow declares them.').optional(),
      idempotencyKey: z.string().min(1).max(200).optional().describe('A key that makes repeated calls return the first execution.'),
    }),
    async run({ workflowId, variables, idempotencyKey }, { engine, actor, call }) {
      await refuseSelfStart(engine, call, workflowId)
      const execution = await engine.start(workflowId, {
        ...compact({ variables: variables === undefined ? undefined : parseJsonObject(variables, 'variables'), idempotencyKey: idempotencyKey === undefined ? undefined : `agent:${idempotencyKey}` }),
        trigger: call === undefined ? { type: 'manual', by: actor } : { type: 'manual', by: actor, parentExecutionId: call.executionId },
      })
      return { executionId: execution.id, status: execution.status, workflowVersion: execution.workflowVersion }
    },
  }),

  delete_workflow: defineWorkflowTool({
    description: 'Delete a workflow and its triggers. Past executions stay readable. This cannot be undone.',
    risk: 'high',
    mutatesWorkflows: true,
    inputSchema: z.object({ workflowId: workflowIdField }),
    async run({ workflowId }, { engine }) {
      await engine.workflows.get(workflowId)
      const triggers = await engine.triggers.list({ workflowId })
      for (const trigger of triggers) await engine.triggers.remove(trigger.id)
      const deleted = await engine.workflows.delete(workflowId)
      if (!deleted) throw new StepwiseError('NOT_FOUND', `Workflow ${workflowId} not found.`)
      return { deleted: true, workflowId, deletedTriggers: triggers.map((t) => t.id) }
    },
  }),

  rollback_workflow: defineWorkflowTool({
    description: 'Make an earlier version of a workflow (by hash, from list_workflow_history) the current one again. Recorded as a new version; nothing is lost.',
    risk: 'high',
    mutatesWorkflows: true,
    inputSchema: z.object({ workflowId: workflowIdField, hash: z.string().min(1).max(200).describe('Hash of the version to restore.'), notes: notesField }),
    async run({ workflowId, hash, notes }, { engine, actor }) {
      const result = await engine.workflows.rollback(workflowId, { hash, author: actor, ...compact({ notes }) })
      return { ...result, alreadyAtVersion: !result.changed }
    },
  }),
}
