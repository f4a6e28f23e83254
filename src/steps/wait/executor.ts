import { StepwiseError } from '../../errors/stepwise-error.js'
import type { StepContext, StepOutcome } from '../../engine/step-type.js'
import type { WaitStep } from './schema.js'

/** Journaled input of a wait: when it ends. */
export interface WaitInput {
  /** ISO time the wait ends. */
  until: string
}

/** Computes the end time once (from `durationMs` or the `until` expression). */
export async function prepareWait(context: StepContext<WaitStep>): Promise<WaitInput> {
  const { step } = context
  if (step.durationMs !== undefined) return { until: new Date(context.startedAt + step.durationMs).toISOString() }
  const value = await context.evaluate(step.until as string, '/until')
  const time = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN
  if (!Number.isFinite(time)) {
    throw new StepwiseError('EXPRESSION_FAILED', `/until: ${JSON.stringify(value)} is not a time (use an ISO string or epoch ms).`, { details: { field: '/until' } })
  }
  return { until: new Date(time).toISOString() }
}

/** Waits durably: the execution parks with a wake time instead of holding a timer. */
export function executeWait(context: StepContext<WaitStep>, input: WaitInput): StepOutcome {
  const until = Date.parse(input.until)
  const now = context.services.clock.now().getTime()
  if (now >= until) return { status: 'completed', output: { waitedMs: Math.max(0, now - context.startedAt) } }
  return { status: 'waiting', waitingFor: { kind: 'timer', stepId: context.step.id, iterationPath: context.iterationPath, until: input.until }, wakeAt: until }
}
