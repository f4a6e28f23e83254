/**
 * @module
 * Types of the AI SDK UI messages stepwise produces for a host chat (`toUIMessageStream`).
 */
import type { UIMessage, UIMessageChunk } from 'ai'
import type { ApprovalDecision, ExecutionError, ExecutionStatus, StepStatus } from '../engine/records.js'
import type { TokenUsage } from '../engine/events.js'

/** Back-pointers every workflow message carries in `message.metadata`. */
export interface WorkflowMessageMetadata {
  /** The execution. */
  executionId: string
  /** The workflow. */
  workflowId: string
  /** The step instance the message is about (absent on the execution's own messages). */
  stepId?: string
  /** Its iteration path (`''` at top level). */
  iterationPath?: string
  /** Its step type. */
  stepType?: string
}

/** `data-workflow-execution`: the execution's status card. */
export interface WorkflowExecutionData {
  /** The execution. */
  executionId: string
  /** The workflow. */
  workflowId: string
  /** Status. */
  status: ExecutionStatus
  /** Error of a failed or cancelled execution. */
  error?: ExecutionError
  /** What a waiting execution waits for (approval tokens left out). */
  waitingFor?: WorkflowWaitingData
}

/** What a waiting execution waits for, as shown in the chat (no approval token). */
export interface WorkflowWaitingData {
  /** `approval` or `timer`. */
  kind: 'approval' | 'timer'
  /** The waiting step. */
  stepId: string
  /** Its iteration path. */
  iterationPath: string
  /** The approval prompt. */
  prompt?: string
  /** When the timer fires (ISO). */
  until?: string
  /** When the approval times out (ISO). */
  expiresAt?: string
}

/** `data-workflow-step`: a step card, updated in place (same part id) as the step moves on. */
export interface WorkflowStepData {
  /** The execution. */
  executionId: string
  /** Step id. */
  stepId: string
  /** Step type. */
  stepType: string
  /** Iteration path. */
  iterationPath: string
  /** Attempt. */
  attempt: number
  /** Status (`retrying` between a failed attempt and the next). */
  status: StepStatus | 'retrying'
  /** Resolved input (when the step has one). */
  input?: unknown
  /** Output (for `agent_prompt`, without the stored thread messages). */
  output?: unknown
  /** Error of a failed, retrying or cancelled step. */
  error?: ExecutionError
  /** Duration of the last attempt (engine clock). */
  durationMs?: number
  /** Why it was skipped or cancelled. */
  reason?: string
}

/** `data-workflow-prompt`: the prompt a workflow step sent to the model (render it like a user message). */
export interface WorkflowPromptData {
  /** The execution. */
  executionId: string
  /** Step id. */
  stepId: string
  /** Iteration path. */
  iterationPath: string
  /** The turn it starts. */
  turnId: string
  /** The resolved prompt, or the repair message of a repair turn. */
  prompt: string
  /** Model name. */
  model: string
  /** `failover` or `repair` for a turn that replaces another. */
  cause?: 'failover' | 'repair'
}

/** `data-workflow-turn`: one agent turn's status; `cancelled` turns were superseded (collapse them). */
export interface WorkflowTurnData {
  /** The execution. */
  executionId: string
  /** Step id. */
  stepId: string
  /** Iteration path. */
  iterationPath: string
  /** Turn id. */
  turnId: string
  /** Model name. */
  model: string
  /** Status. */
  status: 'streaming' | 'completed' | 'cancelled' | 'error'
  /** `failover` or `repair` for a turn that replaces another. */
  cause?: 'failover' | 'repair'
  /** The turn this one replaces. */
  supersedes?: string
  /** Token usage. */
  usage?: TokenUsage
  /** Error of a failed or superseded turn. */
  error?: ExecutionError
}

/** `data-workflow-approval`: an approval card (decide it through the engine API or HTTP handler). */
export interface WorkflowApprovalData {
  /** The execution. */
  executionId: string
  /** Step id (pass it to `approve`). */
  stepId: string
  /** Iteration path (pass it to `approve`). */
  iterationPath: string
  /** The rendered approval prompt. */
  prompt: string
  /** State. */
  status: 'requested' | 'approved' | 'denied' | 'expired'
  /** When it times out (ISO). */
  expiresAt?: string
  /** The decision, once made. */
  decision?: ApprovalDecision
}

/** The data parts of workflow messages, by name (`data-<name>` in the stream). */
export type WorkflowDataParts = {
  /** `data-workflow-execution`. */
  'workflow-execution': WorkflowExecutionData
  /** `data-workflow-step`. */
  'workflow-step': WorkflowStepData
  /** `data-workflow-prompt`. */
  'workflow-prompt': WorkflowPromptData
  /** `data-workflow-turn`. */
  'workflow-turn': WorkflowTurnData
  /** `data-workflow-approval`. */
  'workflow-approval': WorkflowApprovalData
}

/** A workflow message as `useChat` / `readUIMessageStream` build it. */
export type WorkflowUIMessage = UIMessage<WorkflowMessageMetadata, WorkflowDataParts>

/** One chunk of the UI message stream. */
export type WorkflowUIMessageChunk = UIMessageChunk<WorkflowMessageMetadata, WorkflowDataParts>
