/**
 * @module
 * The six execution tools: list, get, steps, debug, approve, cancel.
 */
import { z } from 'zod'
import { StepwiseError } from '../errors/stepwise-error.js'
import { diagnoseExecution } from './diagnose-execution.js'
import { executionSummary, executionView, stepView } from './execution-views.js'
import { compact, executionIdField, workflowIdField } from './input-schemas.js'
import { withoutTokens } from './redact.js'
import { defineWorkflowTool } from './workflow-tool-spec.js'

const EXECUTION_STATUSES = ['pending', 'running', 'waiting', 'completed', 'failed', 'cancelled'] as const

const stepLimitField = z.number().int().min(1).max(500).optional().describe('At most this many step instances (default 200).')

/** Execution tools by name. */
export const executionSpecs = {
  list_executions: defineWorkflowTool({
    description: 'List recent executions, newest first: id, workflow, status, times, error, what a waiting one waits for. Filter by workflow or status.',
    risk: 'low',
    readOnly: true,
    inputSchema: z.object({
      workflowId: workflowIdField.optional(),
      status: z.enum(EXECUTION_STATUSES).optional().describe('Only executions with this status.'),
      limit: z.number().int().min(1).max(200).optional().describe('At most this many (default 20).'),
      before: z.string().max(40).optional().describe('Only executions started before this ISO time (for paging).'),
    }),
    async run({ workflowId, status, limit, before }, { engine }) {
      const executions = await engine.executions.list(compact({ workflowId, status, before, limit: limit ?? 20 }))
      return { executions: executions.map(executionSummary) }
    },
  }),

  get_execution: defineWorkflowTool({
    description: 'Read one execution: status, input variables, outputs, error, what it waits for. Approval tokens are never shown.',
    risk: 'low',
    readOnly: true,
    inputSchema: z.object({ executionId: executionIdField }),
    async run({ executionId }, { engine }) {
      return { execution: executionView(await engine.executions.get(executionId)) }
    },
  }),

  get_execution_steps: defineWorkflowTool({
    description: 'The step instances of an execution in the order they started: type, iteration, attempt, status, input, output, error.',
    risk: 'low',
    readOnly: true,
    inputSchema: z.object({ executionId: executionIdField, limit: stepLimitField }),
    async run({ executionId, limit }, { engine }) {
      const steps = await engine.executions.steps(executionId)
      const shown = steps.slice(0, limit ?? 200)
      return { total: steps.length, truncated: shown.length < steps.length, steps: shown.map(stepView) }
    },
  }),

  debug_execution: defineWorkflowTool({
    description:
      'Explain an execution: a summary, step counts by status, the waiting and failed steps, the step that blocks it, a diagnosis and the recommended next actions. Use it when a run failed, hangs or waits.',
    risk: 'low',
    readOnly: true,
    inputSchema: z.object({ executionId: executionIdField, stepLimit: stepLimitField }),
    async run({ executionId, stepLimit }, { engine }) {
      const execution = await engine.executions.get(executionId)
      const steps = await engine.executions.steps(executionId)
      const diagnosis = diagnoseExecution(execution, steps)
      const limit = stepLimit ?? 200
      return withoutTokens({
        execution: executionSummary(execution),
        ...diagnosis,
        waitingSteps: steps.filter((s) => s.status === 'waiting').slice(0, limit).map(stepView),
        failedSteps: steps.filter((s) => s.status === 'failed').slice(0, limit).map(stepView),
      })
    },
  }),

  approve_execution: defineWorkflowTool({
    description:
      'Approve or deny an execution that waits for a person\'s approval. Only for a human operator acting through this tool; agents running inside a workflow are never allowed to decide approvals. Pass stepId when several approvals wait.',
    risk: 'high',
    decidesApprovals: true,
    inputSchema: z.object({
      executionId: executionIdField,
      approved: z.boolean().describe('true approves, false denies.'),
      comment: z.string().max(2000).optional().describe('Why, recorded with the decision.'),
      stepId: z.string().min(1).max(200).optional().describe('The approval step, when several wait.'),
      iterationPath: z.string().max(200).optional().describe('The iteration of that step, when it is inside a loop.'),
    }),
    async run({ executionId, approved, comment, stepId, iterationPath }, { engine, actor }) {
      const decision = await engine.executions.approve(executionId, { approved, by: actor, ...compact({ comment, stepId, iterationPath }) })
      return { executionId, decision }
    },
  }),

  cancel_execution: defineWorkflowTool({
    description: 'Cancel a pending, running or waiting execution. Its running step is asked to stop; finished steps keep their results.',
    risk: 'high',
    inputSchema: z.object({ executionId: executionIdField, reason: z.string().max(500).optional().describe('Why, recorded on the execution.') }),
    async run({ executionId, reason }, { engine, actor, call }) {
      if (call?.executionId === executionId) {
        throw new StepwiseError('INVALID_ARGUMENT', 'An agent cannot cancel the execution it runs in. Finish your answer instead; the workflow decides what happens next.')
      }
      const execution = await engine.executions.cancel(executionId, { reason: reason ?? `cancelled by ${actor}` })
      return { execution: executionSummary(execution) }
    },
  }),
}
