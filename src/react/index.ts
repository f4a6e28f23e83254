/**
 * `stepwise/react`: hooks and components that show workflows inside a React app, over the
 * `stepwise/http` client. One event subscription per execution, no polling; unstyled-but-usable
 * semantic HTML with an optional stylesheet themed by CSS variables. See docs/react.md.
 *
 * @packageDocumentation
 */
export { StepwiseProvider, useStepwiseClient } from './stepwise-provider.js'
export type { StepwiseProviderProps } from './stepwise-provider.js'

export { useWorkflowExecution } from './hooks/use-workflow-execution.js'
export type { WorkflowExecutionState, DecideOptions } from './hooks/use-workflow-execution.js'
export { useExecutions } from './hooks/use-executions.js'
export type { ExecutionsState } from './hooks/use-executions.js'
export { useWorkflow } from './hooks/use-workflow.js'
export type { WorkflowState } from './hooks/use-workflow.js'
export { useTriggers, useTriggerDeliveries } from './hooks/use-triggers.js'
export type { TriggersState, TriggerDeliveriesState } from './hooks/use-triggers.js'
export type { ResourceOptions } from './hooks/use-resource.js'
export { useSessionFeed } from './hooks/use-session-feed.js'

export { ExecutionStore } from './execution-store.js'
export type { ExecutionSnapshot, ExecutionStoreOptions, ExecutionAction, ConnectionState } from './execution-store.js'
export { connectExecution } from './connect-execution.js'
export { buildChatRenderPlan, toEpochMs } from './chat-render-plan.js'
export type { ChatMessageLike, StepPointer, ChatRenderPlanOptions, ChatRenderItem, MessagesItem, StepItem } from './chat-render-plan.js'
export { reduceAgentTurn, splitTurns, turnsOfStep, isAgentEvent } from './agent-turns.js'
export type { AgentTurn, AgentToolCallState, AgentEvent, StepTurns } from './agent-turns.js'
export type { ApprovalState } from './approval-state.js'
export { stepInstanceKey, iterationLabel, presentStatus } from './step-instance.js'
export type { StatusPresentation } from './step-instance.js'

export { WorkflowStepContainer } from './components/workflow-step-container.js'
export type { WorkflowStepContainerProps } from './components/workflow-step-container.js'
export { AgentTurnView } from './components/agent-turn-view.js'
export type { AgentTurnViewProps } from './components/agent-turn-view.js'
export {
  StepCard,
  stepCards,
  ToolStepCard,
  NotifyStepCard,
  BashStepCard,
  ConditionalStepCard,
  LoopStepCard,
  ParallelStepCard,
  ApprovalStepCard,
  WaitStepCard,
  SetStepCard,
  EndStepCard,
  GenericStepCard,
} from './components/step-card.js'
export type { StepCardProps, StepCardDispatchProps } from './components/step-card.js'
export { ApprovalCard } from './components/approval-card.js'
export type { ApprovalCardProps } from './components/approval-card.js'
export { WorkflowContextBar } from './components/workflow-context-bar.js'
export type { WorkflowContextBarProps, ContextBarDefinition, ContextBarStep } from './components/workflow-context-bar.js'
export { TriggerCard, describeCron } from './components/trigger-card.js'
export type { TriggerCardProps } from './components/trigger-card.js'
export { DeliveryLog } from './components/delivery-log.js'
export type { DeliveryLogProps } from './components/delivery-log.js'
export { StatusBadge } from './components/status-badge.js'
export type { StatusBadgeProps } from './components/status-badge.js'
export { KeyValueCard, RawJson } from './components/value-view.js'
export type { KeyValueCardProps, RawJsonProps } from './components/value-view.js'
export { stepwiseStyles, StepwiseStyles } from './styles.js'
export type { StepwiseStylesProps } from './styles.js'
