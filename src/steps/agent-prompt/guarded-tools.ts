/**
 * @module
 * The tool policy inside `agent_prompt`: every tool the model may call is wrapped so the policy
 * decides before the tool has any effect. A denied call answers the model with the refusal; a
 * call that needs a person pauses the step (the turn is stopped, the execution waits with the
 * exact call in `waitingFor.tool`). When the step resumes after the decision, the allowed call is
 * made with the journaled arguments and the conversation continues from its result.
 */
import type { AgentMessage } from '../../adapters/model/agent-runner.js'
import { callTool } from '../../adapters/tools/call-tool.js'
import type { PendingToolCall } from '../../engine/records.js'
import type { ToolMap } from '../../engine/services.js'
import type { StepContext, StepOutcome, WaitingOutcome } from '../../engine/step-type.js'
import { StepwiseError } from '../../errors/stepwise-error.js'
import { canonicalHash } from '../../language/canonical-hash.js'
import { resolvePolicy } from '../../policy/policy.js'
import { guardToolCall, pendingToolOf } from '../../policy/tool-guard.js'
import type { AgentPromptStep } from './schema.js'

/** Shared state of one step run: the pause switch and the call allowed on resume. */
export interface ToolGate {
  /** Aborted when a call must wait for a person. */
  readonly pause: AbortController
  /** The waiting outcome of the paused call. */
  pending?: WaitingOutcome
  /** The call a person allowed (made on resume): an identical call gets its result again. */
  used?: { hash: string; name: string; output: unknown }
}

function refusal(error: StepwiseError): { error: { code: string; message: string } } {
  return { error: { code: error.code, message: error.message } }
}

function toolContext(context: StepContext<AgentPromptStep>) {
  return { tenantId: context.tenantId, executionId: context.executionId, stepId: context.step.id, iterationPath: context.iterationPath, attempt: context.attempt, idempotencyKey: context.idempotencyKey }
}

/** Wraps each tool's `execute` with the policy (tools without `execute` are left as they are). */
export function guardAgentTools(context: StepContext<AgentPromptStep>, tools: ToolMap, gate: ToolGate): ToolMap {
  const guarded: ToolMap = {}
  for (const [name, tool] of Object.entries(tools)) {
    const execute = tool.execute
    if (typeof execute !== 'function') {
      guarded[name] = tool
      continue
    }
    guarded[name] = {
      ...tool,
      execute: async (input: unknown, options: Parameters<typeof execute>[1]) => {
        const used = gate.used
        if (used !== undefined && resolvePolicy(context.services.policy, name, tool).decision === 'approve') {
          if (used.name === name && used.hash === canonicalHash(input ?? null)) return used.output
        }
        const verdict = await guardToolCall(context, { name, tool, input, toolCallId: options.toolCallId })
        if (verdict.kind === 'deny') return refusal(verdict.error)
        if (verdict.kind === 'wait') {
          gate.pending = verdict.outcome
          const pause = new StepwiseError('CANCELLED', `Paused until a person decides on the call to tool "${name}".`, { details: { reason: 'tool_approval' } })
          gate.pause.abort(pause)
          throw pause
        }
        return execute(input, options)
      },
    }
  }
  return guarded
}

/**
 * On resume of a step paused for a tool decision: returns the waiting outcome while the decision
 * is pending; otherwise makes the allowed call (or records the refusal) and returns the two
 * messages (the model's call and its result) that continue the conversation.
 */
export async function resumeToolDecision(
  context: StepContext<AgentPromptStep>,
  tools: ToolMap,
  gate: ToolGate,
): Promise<{ outcome: StepOutcome } | { messages: AgentMessage[] } | undefined> {
  const stored: PendingToolCall | undefined = pendingToolOf(context.previous)
  if (stored === undefined) return undefined
  const toolCallId = stored.toolCallId ?? `${context.idempotencyKey}#approved`
  const tool = Object.hasOwn(tools, stored.name) ? tools[stored.name] : undefined
  const verdict = await guardToolCall(context, { name: stored.name, tool, input: stored.arguments, toolCallId })
  if (verdict.kind === 'wait') return { outcome: verdict.outcome }
  let output: unknown
  if (verdict.kind === 'deny') output = refusal(verdict.error)
  else if (tool === undefined) output = refusal(new StepwiseError('TOOL_FAILED', `Tool "${stored.name}" is no longer available.`))
  else {
    try {
      output = await callTool(stored.name, tool, stored.arguments, context.signal, toolContext(context), toolCallId)
    } catch (error) {
      if (context.signal.aborted) throw error
      output = refusal(StepwiseError.from(error, 'TOOL_FAILED'))
    }
    gate.used = { hash: stored.argumentsHash, name: stored.name, output }
  }
  const value = JSON.parse(JSON.stringify(output ?? null)) as unknown
  return {
    messages: [
      { role: 'assistant', content: [{ type: 'tool-call', toolCallId, toolName: stored.name, input: stored.arguments }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId, toolName: stored.name, output: { type: 'json', value } }] },
    ],
  }
}
