import type { StepContext, StepOutcome } from '../../engine/step-type.js'
import { blockOutcome } from '../block-outcome.js'
import type { ConditionalStep } from './schema.js'

/** Journaled decision of a conditional. */
export interface ConditionalInput {
  /** The condition's value. */
  condition: boolean
  /** The branch taken. */
  branch: 'then' | 'else'
}

/** Evaluates the condition once; the decision is journaled so a resume takes the same branch. */
export async function prepareConditional(context: StepContext<ConditionalStep>): Promise<ConditionalInput> {
  const condition = await context.condition(context.step.condition, '/condition')
  return { condition, branch: condition ? 'then' : 'else' }
}

/** Runs the chosen branch; the conditional reports its branch's true status. */
export async function executeConditional(context: StepContext<ConditionalStep>, input: ConditionalInput): Promise<StepOutcome> {
  const steps = (input.branch === 'then' ? context.step.then : context.step.else) ?? []
  const result = await context.runBlock(steps, `${context.step.id}:${input.branch}`)
  return blockOutcome(result, { condition: input.condition, branch: input.branch })
}
