import type { StepContext, StepOutcome } from '../../engine/step-type.js'
import type { SetStep } from './schema.js'

/** Evaluates every value (strings are JSONata expressions, other JSON values are literals). */
export async function prepareSet(context: StepContext<SetStep>): Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(context.step.values)) {
    values[key] = typeof value === 'string' ? await context.evaluate(value, `/values/${key}`) : value
  }
  return values
}

/** Publishes the evaluated values. */
export function executeSet(_context: StepContext<SetStep>, input: Record<string, unknown>): StepOutcome {
  return { status: 'completed', output: input }
}

/** Each value is published as `outputs.<key>`; with `outputVariable` the whole object is also published under it. */
export function* publishSet(output: unknown, step: SetStep): Iterable<readonly [string, unknown]> {
  const values = output as Record<string, unknown>
  for (const key of Object.keys(values)) yield [key, values[key]]
  if (step.outputVariable !== undefined) yield [step.outputVariable, values]
}
