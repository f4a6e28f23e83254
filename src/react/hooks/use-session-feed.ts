/**
 * @module
 * `useSessionFeed`: {@link buildChatRenderPlan} memoised for a component.
 */
import { useMemo } from 'react'
import type { StepRecord } from '../../index.js'
import { buildChatRenderPlan, type ChatMessageLike, type ChatRenderItem, type ChatRenderPlanOptions } from '../chat-render-plan.js'

/**
 * The chat's messages and a workflow's step records as one render plan, recomputed only when
 * `messages`, `steps` or an option changes (pass stable option functions, e.g. module-level).
 *
 * @example
 * ```tsx
 * const { steps } = useWorkflowExecution(executionId)
 * const plan = useSessionFeed(messages, steps)
 * ```
 */
export function useSessionFeed<M extends ChatMessageLike>(messages: readonly M[], steps: readonly StepRecord[], options: ChatRenderPlanOptions<M> = {}): ChatRenderItem<M>[] {
  const { timeOf, stepOf, containerTypes, includeStep } = options
  const containerKey = containerTypes === undefined ? undefined : JSON.stringify(containerTypes)
  return useMemo(
    () => {
      const built: ChatRenderPlanOptions<M> = {}
      if (timeOf !== undefined) built.timeOf = timeOf
      if (stepOf !== undefined) built.stepOf = stepOf
      if (containerKey !== undefined) built.containerTypes = JSON.parse(containerKey) as string[]
      if (includeStep !== undefined) built.includeStep = includeStep
      return buildChatRenderPlan(messages, steps, built)
    },
    [messages, steps, timeOf, stepOf, containerKey, includeStep],
  )
}
