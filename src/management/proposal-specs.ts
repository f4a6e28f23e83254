/**
 * @module
 * The four proposal tools: create, list, review, apply. A proposal is how an agent suggests a
 * change to a workflow; a person reviews it before it is applied.
 */
import { z } from 'zod'
import type { ProposalRecord } from '../engine/proposal-types.js'
import { compact, jsonObjectField, notesField, parseJsonObject, proposalIdField, workflowIdField } from './input-schemas.js'
import { bounded } from './redact.js'
import { defineWorkflowTool } from './workflow-tool-spec.js'

const PROPOSAL_STATUSES = ['pending', 'approved', 'rejected', 'applied', 'expired'] as const

/** A proposal as listed: the diff bounded, the document left out (get it from the diff or the workflow). */
function summary(proposal: ProposalRecord): Record<string, unknown> {
  const { definition: _definition, diff, ...rest } = proposal
  return { ...rest, diff: bounded(diff, 4000) }
}

/** Proposal tools by name. */
export const proposalSpecs = {
  create_workflow_proposal: defineWorkflowTool({
    description:
      'Propose a change to a workflow for a person to review: the full proposed definition, made against the current hash (from get_workflow). The workflow must allow it (constraints.allowSelfModification). Nothing changes until the proposal is reviewed and applied.',
    risk: 'medium',
    inputSchema: z.object({
      workflowId: workflowIdField,
      baseHash: z.string().min(1).max(200).describe('The hash of the current version (get_workflow), which the change was made against.'),
      definition: jsonObjectField('The complete proposed workflow definition.'),
      diff: z.string().max(20_000).optional().describe('A diff to show reviewers (computed when omitted).'),
      notes: notesField,
      expiresAt: z.string().max(40).optional().describe('ISO time after which the proposal expires (default 14 days).'),
    }),
    async run({ workflowId, baseHash, definition, diff, notes, expiresAt }, { engine, actor, call }) {
      const proposal = await engine.proposals.create({
        workflowId,
        baseHash,
        definition: parseJsonObject(definition, 'definition'),
        author: actor,
        ...compact({ diff, notes, expiresAt, executionId: call?.executionId }),
      })
      return { proposal: summary(proposal) }
    },
  }),

  list_workflow_proposals: defineWorkflowTool({
    description: 'List proposals, newest first, optionally of one workflow or with one status (pending, approved, rejected, applied, expired).',
    risk: 'low',
    readOnly: true,
    inputSchema: z.object({
      workflowId: workflowIdField.optional(),
      status: z.enum(PROPOSAL_STATUSES).optional().describe('Only proposals with this status.'),
      limit: z.number().int().min(1).max(200).optional().describe('At most this many (default 50).'),
    }),
    async run({ workflowId, status, limit }, { engine }) {
      const proposals = await engine.proposals.list(compact({ workflowId, status, limit: limit ?? 50 }))
      return { proposals: proposals.map(summary) }
    },
  }),

  review_workflow_proposal: defineWorkflowTool({
    description: 'Approve or reject a pending proposal. Approving does not change the workflow yet: apply_workflow_proposal does.',
    risk: 'high',
    mutatesWorkflows: true,
    inputSchema: z.object({ proposalId: proposalIdField, approved: z.boolean().describe('true approves, false rejects.'), notes: notesField }),
    async run({ proposalId, approved, notes }, { engine, actor }) {
      const proposal = await engine.proposals.review(proposalId, { approved, by: actor, ...compact({ notes }) })
      return { proposal: summary(proposal) }
    },
  }),

  apply_workflow_proposal: defineWorkflowTool({
    description: 'Apply an approved proposal: its definition becomes the new version of the workflow. Applying twice changes nothing the second time.',
    risk: 'high',
    mutatesWorkflows: true,
    inputSchema: z.object({ proposalId: proposalIdField, notes: notesField }),
    async run({ proposalId, notes }, { engine, actor }) {
      const applied = await engine.proposals.apply(proposalId, { by: actor, ...compact({ notes }) })
      return { proposal: summary(applied.proposal), result: applied.result, before: applied.before, alreadyApplied: applied.alreadyApplied }
    },
  }),
}
