/**
 * @module
 * Executions and step instances as the management tools show them: no approval tokens, large
 * values bounded.
 */
import type { Execution, StepRecord } from '../engine/records.js'
import { bounded, withoutTokens } from './redact.js'

/** Longest JSON of one input, output or variable set shown to a model before it is cut. */
export const MAX_VALUE_CHARS = 4000

/** One line per execution in a list. */
export function executionSummary(execution: Execution): Record<string, unknown> {
  return withoutTokens({
    id: execution.id,
    workflowId: execution.workflowId,
    workflowVersion: execution.workflowVersion,
    status: execution.status,
    trigger: execution.trigger?.type,
    startedAt: execution.startedAt,
    endedAt: execution.endedAt,
    error: execution.error,
    waitingFor: execution.waitingFor,
  })
}

/** The whole execution record without tokens, with large values bounded. */
export function executionView(execution: Execution): Record<string, unknown> {
  const outputs: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(execution.outputs)) outputs[name] = bounded(value, MAX_VALUE_CHARS)
  return withoutTokens({ ...execution, variables: bounded(execution.variables, MAX_VALUE_CHARS), outputs, output: bounded(execution.output, MAX_VALUE_CHARS) })
}

/** A step instance without tokens, with input and output bounded. */
export function stepView(step: StepRecord): Record<string, unknown> {
  return withoutTokens({
    stepId: step.stepId,
    stepType: step.stepType,
    iterationPath: step.iterationPath,
    attempt: step.attempt,
    status: step.status,
    input: bounded(step.input, MAX_VALUE_CHARS),
    output: bounded(step.output, MAX_VALUE_CHARS),
    error: step.error,
    waitingFor: step.waitingFor,
    startedAt: step.startedAt,
    endedAt: step.endedAt,
  })
}
