/**
 * @module
 * The four trigger tools: list, save, run, delete.
 */
import { z } from 'zod'
import { StepwiseError } from '../errors/stepwise-error.js'
import type { TriggerInput } from '../triggers/trigger-types.js'
import { compact, jsonObjectField, parseJsonObject, triggerIdField, workflowIdField } from './input-schemas.js'
import { redactTrigger } from './redact.js'
import { keepStoredSecret } from '../triggers/trigger-secrets.js'
import { defineWorkflowTool, refuseSelfStart } from './workflow-tool-spec.js'

const TRIGGER_TYPES = ['manual', 'schedule', 'webhook', 'event'] as const

/** Trigger tools by name. */
export const triggerSpecs = {
  list_triggers: defineWorkflowTool({
    description: 'List triggers (manual, schedule, webhook, event) by name, optionally of one workflow, type or enabled state. Webhook secrets show as [redacted].',
    risk: 'low',
    readOnly: true,
    inputSchema: z.object({
      workflowId: workflowIdField.optional(),
      type: z.enum(TRIGGER_TYPES).optional().describe('Only triggers of this type.'),
      enabled: z.boolean().optional().describe('Only enabled (true) or disabled (false) triggers.'),
    }),
    async run({ workflowId, type, enabled }, { engine }) {
      const triggers = await engine.triggers.list(compact({ workflowId, type, enabled }))
      return { triggers: triggers.map(redactTrigger) }
    },
  }),

  save_trigger: defineWorkflowTool({
    description:
      'Create or update a trigger that starts a workflow. Saving a name that exists updates that trigger; with an id it updates that trigger. config by type: schedule { cron, timezone?, catchUp?, overlap?, variables? }; webhook { path, method?, secret?, variableMapping?, filter? }; event { event, filter?, variableMapping? }; manual { variables?, variableMapping? }.',
    risk: 'medium',
    mutatesWorkflows: true,
    inputSchema: z.object({
      id: triggerIdField.optional(),
      name: z.string().min(1).max(200).describe('Trigger name, unique per tenant (case-insensitive).'),
      type: z.enum(TRIGGER_TYPES).describe('What starts the workflow.'),
      workflowId: workflowIdField.optional(),
      enabled: z.boolean().optional().describe('Whether it fires (default true).'),
      config: jsonObjectField('Type-specific configuration (see the description).').optional(),
    }),
    async run({ id, name, type, workflowId, enabled, config }, { engine }) {
      const parsed = config === undefined ? undefined : await keepStoredSecret(engine, compact({ name, id }), parseJsonObject(config, 'config'))
      const input = { name, type, ...compact({ id, workflowId, enabled, config: parsed }) } as TriggerInput
      return { trigger: redactTrigger(await engine.triggers.save(input)) }
    },
  }),

  run_trigger: defineWorkflowTool({
    description: 'Fire a trigger now with a payload (for a manual trigger its fields become variables; other types do a marked test fire). Returns the outcome and the execution id.',
    risk: 'medium',
    inputSchema: z.object({ triggerId: triggerIdField, payload: jsonObjectField('The payload, as the trigger would receive it.').optional() }),
    async run({ triggerId, payload }, { engine, call }) {
      const trigger = await engine.triggers.get(triggerId)
      if (trigger.workflowId !== undefined) await refuseSelfStart(engine, call, trigger.workflowId)
      const fired = await engine.triggers.fire(triggerId, payload === undefined ? undefined : parseJsonObject(payload, 'payload'))
      return { triggerId, ...fired }
    },
  }),

  delete_trigger: defineWorkflowTool({
    description: 'Delete a trigger and its delivery log. The workflow stays.',
    risk: 'high',
    mutatesWorkflows: true,
    inputSchema: z.object({ triggerId: triggerIdField }),
    async run({ triggerId }, { engine }) {
      if (!(await engine.triggers.remove(triggerId))) throw new StepwiseError('NOT_FOUND', `Trigger ${triggerId} not found.`, { details: { triggerId } })
      return { deleted: true, triggerId }
    },
  }),
}
