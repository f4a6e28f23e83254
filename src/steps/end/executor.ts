import { StepwiseError } from '../../errors/stepwise-error.js'
import type { StepContext, StepOutcome } from '../../engine/step-type.js'
import type { EndStep } from './schema.js'

/** Journaled input of an end step. */
export interface EndInput {
  /** Final status of the execution. */
  status: 'completed' | 'failed'
  /** Rendered output. */
  output?: unknown
  /** Rendered error message (status failed). */
  error?: string
}

/** Renders output and error. */
export async function prepareEnd(context: StepContext<EndStep>): Promise<EndInput> {
  const input: EndInput = { status: context.step.status ?? 'completed' }
  if (context.step.output !== undefined) input.output = await context.resolveValue(context.step.output, '/output')
  if (context.step.error !== undefined) input.error = await context.renderText(context.step.error, '/error')
  return input
}

/** Stops the execution with the given status. */
export function executeEnd(context: StepContext<EndStep>, input: EndInput): StepOutcome {
  if (input.status === 'failed') {
    const error = new StepwiseError('STEP_FAILED', input.error ?? `Workflow ended by step ${context.step.id} with status failed.`, { stepId: context.step.id, retryable: false })
    return { status: 'ended', endStatus: 'failed', output: input.output, error }
  }
  return { status: 'ended', endStatus: 'completed', output: input.output }
}
