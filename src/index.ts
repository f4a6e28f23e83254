/**
 * stepwise — an embeddable workflow engine for AI apps.
 *
 * @packageDocumentation
 */
export { createEngine } from './create-engine.js'
export type { EngineOptions } from './create-engine.js'
export { memoryStorage } from './adapters/storage/memory/memory-storage.js'
export { localShell } from './adapters/shell/local-shell.js'
export type { LocalShellOptions } from './adapters/shell/local-shell.js'
export { StepwiseError } from './errors/stepwise-error.js'
export type { StepwiseErrorCode, StepwiseErrorJSON, StepwiseErrorOptions } from './errors/stepwise-error.js'
export { validateWorkflow, workflowJsonSchema } from './validate.js'
export { canonicalHash, canonicalJson } from './language/canonical-hash.js'
export { systemClock } from './engine/clock.js'
export type { Clock, ClockTimer } from './engine/clock.js'
export { defineStepType } from './engine/step-type.js'
export { TERMINAL_EVENT_TYPES } from './engine/events.js'
export { TERMINAL_EXECUTION_STATUSES, TERMINAL_STEP_STATUSES } from './engine/records.js'
export { DEFAULT_LIMITS } from './language/workflow-types.js'

export type {
  Engine,
  WorkflowsApi,
  ExecutionsApi,
  ApprovalsApi,
  StartOptions,
  SaveOptions,
  SaveResult,
  SavedWorkflow,
  ApproveInput,
  EventsOptions,
  WorkerHandle,
  WorkerOptions,
} from './engine/engine-types.js'
export type { TickResult } from './engine/engine-core.js'
export type {
  Execution,
  ExecutionStatus,
  ExecutionError,
  StepRecord,
  StepStatus,
  WaitingFor,
  ApprovalWait,
  TimerWait,
  RetryOf,
  CancelRequest,
  ApprovalDecision,
  ApprovalRecord,
  TriggerInfo,
  WorkflowRecord,
  WorkflowVersionRecord,
  WorkflowVersionSource,
  StoredExecution,
  PendingToolCall,
} from './engine/records.js'
export type * from './engine/events.js'
export type {
  StorageAdapter,
  StorageAdapterV1,
  CommitBatch,
  CommitResult,
  ClaimInput,
  DueExecution,
  ExecutionFilter,
  SaveWorkflowInput,
  SaveWorkflowResult,
  CreateExecutionResult,
  ClaimResult,
  DecideApprovalResult,
} from './adapters/storage/storage-adapter.js'
export type { Notifier, NotifyMessage, NotifyResult, NotifyDelivery } from './adapters/notify/notifier.js'
export type { ShellAdapter, ShellCommand, ShellResult } from './adapters/shell/shell-adapter.js'
export type { ToolCallContext } from './adapters/tools/call-tool.js'
export type { EngineServices, ToolMap } from './engine/services.js'
export type {
  StepType,
  AnyStepType,
  StepContext,
  StepOutcome,
  CompletedOutcome,
  WaitingOutcome,
  FailedOutcome,
  CancelledOutcome,
  EndedOutcome,
  LoopBinding,
  StepEventInput,
  BlockResult,
  RunBlockOptions,
  IsolatedBlock,
  ApprovalAccess,
} from './engine/step-type.js'
export type { StepDiagramMeta } from './steps/diagram-meta.js'
export type {
  WorkflowDefinition,
  StepBase,
  RetryPolicy,
  VariableDeclaration,
  VariableType,
  WorkflowLimits,
  ValidationIssue,
  ValidationResult,
  ValidationSuccess,
  ValidationFailure,
  WorkflowDefaults,
  WorkflowConstraints,
} from './language/workflow-types.js'
export type { StepSchemaSpec, StepBlockRef, ExpressionFieldRef, ExpressionFieldKind, StepCheckContext } from './language/step-schema-spec.js'
export type { ValidateOptions } from './language/validate-workflow.js'
export type { Step, Workflow } from './steps/step.js'
export type { AgentPromptStep } from './steps/agent-prompt/schema.js'
export type { AgentPromptOutput, AgentPromptInput } from './steps/agent-prompt/executor.js'
export type { ThreadEntry } from './steps/agent-prompt/threads.js'
export { aiSdkAgent } from './adapters/model/ai-sdk-agent.js'
export type { AiSdkAgentOptions } from './adapters/model/ai-sdk-agent.js'
export type {
  AgentRunner,
  AgentTurnRequest,
  AgentPart,
  AgentTextDeltaPart,
  AgentReasoningDeltaPart,
  AgentToolCallPart,
  AgentToolResultPart,
  AgentFinishPart,
  AgentMessage,
  AgentUsage,
} from './adapters/model/agent-runner.js'
export { isRetriableModelError } from './adapters/model/model-errors.js'
export { isInteractiveTool, INTERACTIVE_TOOL_NAMES } from './adapters/model/interactive-tools.js'
export { mcpTools } from './adapters/tools/mcp-tools.js'
export type { McpToolSource, McpToolsOptions } from './adapters/tools/mcp-tools.js'
export { toUIMessageStream } from './chat/to-ui-message-stream.js'
export type { ToUIMessageStreamOptions } from './chat/to-ui-message-stream.js'
export { coalesceDeltas } from './chat/coalesce-deltas.js'
export type {
  WorkflowUIMessage,
  WorkflowUIMessageChunk,
  WorkflowMessageMetadata,
  WorkflowDataParts,
  WorkflowExecutionData,
  WorkflowStepData,
  WorkflowPromptData,
  WorkflowTurnData,
  WorkflowApprovalData,
  WorkflowWaitingData,
} from './chat/ui-message-types.js'
export type { ToolStep } from './steps/tool/schema.js'
export type { NotifyStep } from './steps/notify/schema.js'
export type { BashStep } from './steps/bash/schema.js'
export type { ConditionalStep, LegacyCondition } from './steps/conditional/schema.js'
export type { LoopStep } from './steps/loop/schema.js'
export type { ParallelStep } from './steps/parallel/schema.js'
export type { ApprovalStep } from './steps/approval/schema.js'
export type { WaitStep } from './steps/wait/schema.js'
export type { SetStep } from './steps/set/schema.js'
export type { EndStep } from './steps/end/schema.js'
export { isTriggerStorage } from './adapters/storage/trigger-storage.js'
export type {
  TriggerStorageV1,
  SaveTriggerResult,
  TriggerUpdate,
  TriggerFilter,
  TriggerRunUpdate,
  DeliveryListOptions,
  DeliveryPage,
} from './adapters/storage/trigger-storage.js'
export type {
  CatchUpPolicy,
  OverlapPolicy,
  TriggerConfigBase,
  ManualTriggerConfig,
  SchedulePromptTarget,
  ScheduleTriggerConfig,
  WebhookEventFilter,
  WebhookMethod,
  WebhookTriggerConfig,
  EventTriggerConfig,
  TriggerConfigs,
  TriggerType,
  TriggerConfig,
  TriggerInputOf,
  ManualTriggerInput,
  TriggerInput,
  TriggerRecordBase,
  TriggerRecordOf,
  TriggerRecord,
  DeliveryOutcome,
  TriggerDelivery,
} from './triggers/trigger-types.js'
export type {
  TriggersApi,
  FireResult,
  FireOptions,
  EmitResult,
  EmitOptions,
  WebhookOptions,
  SchedulePromptMeta,
  SchedulePromptHandler,
} from './triggers/api-types.js'
export type { FailureSummary } from './adapters/notify/notifier.js'
export type { StorageNotifications } from './adapters/storage/storage-adapter.js'
export type { OutputStage } from './engine/step-type.js'
export type {
  ProposalRecord,
  ProposalStatus,
  ProposalReview,
  CreateProposalInput,
  ProposalFilter,
  ApplyProposalResult,
  ProposalsApi,
  VersionRef,
} from './engine/proposal-types.js'
export type { ForTenantOptions } from './engine/engine-types.js'
export type { ProposalStorageV1, ProposalListFilter } from './adapters/storage/proposal-storage.js'
export { withToolMeta, getToolMeta, RISK_LEVELS } from './policy/tool-meta.js'
export type { RiskLevel, ToolMeta } from './policy/tool-meta.js'
export { resolvePolicy, toolRiskLevel, DEFAULT_POLICY_BY_RISK } from './policy/policy.js'
export type { ToolPolicy, PolicyDecision, ResolvedPolicy } from './policy/policy.js'
export { draftWorkflow } from './drafting/draft-workflow.js'
export { DRAFT_LIMITS } from './drafting/draft-types.js'
export type { DraftWorkflowOptions, DraftWorkflowResult, DraftCatalog } from './drafting/draft-types.js'
export { createWorkflowTools, WORKFLOW_TOOL_NAMES } from './management/create-workflow-tools.js'
export type { CreateWorkflowToolsOptions, WorkflowToolName, WorkflowToolInput, WorkflowTools } from './management/create-workflow-tools.js'
export type { WorkflowToolResult, WorkflowToolSuccess, WorkflowToolFailure, WorkflowToolError } from './management/tool-result.js'
export { createWorkflowMcpServer } from './management/create-workflow-mcp-server.js'
export type { WorkflowMcpServerOptions, WorkflowMcpApprovalRequest } from './management/create-workflow-mcp-server.js'
