import { StepwiseError } from '../../errors/stepwise-error.js'
import type { StepContext, StepOutcome } from '../../engine/step-type.js'
import type { NotifyStep } from './schema.js'

/** Resolved input of a notify step. */
export interface NotifyInput {
  /** Target name. */
  target: string
  /** Rendered content. */
  content: string
}

/** Renders the content. */
export async function prepareNotify(context: StepContext<NotifyStep>): Promise<NotifyInput> {
  return { target: context.step.target ?? 'default', content: await context.renderText(context.step.content, '/content') }
}

/** Hands the message to the host notifier of the target. */
export async function executeNotify(context: StepContext<NotifyStep>, input: NotifyInput): Promise<StepOutcome> {
  const notifiers = context.services.notifiers
  const notifier = Object.hasOwn(notifiers, input.target) ? notifiers[input.target] : undefined
  if (notifier === undefined) {
    const known = Object.keys(notifiers)
    return {
      status: 'failed',
      error: new StepwiseError('NOTIFY_FAILED', `No notifier for target "${input.target}". Known targets: ${known.length === 0 ? '(none; pass createEngine({ notifiers }))' : known.join(', ')}.`, { retryable: false }),
    }
  }
  let delivered = true
  try {
    const result = await notifier({
      target: input.target,
      content: input.content,
      executionId: context.executionId,
      workflowId: context.workflowId,
      stepId: context.step.id,
      iterationPath: context.iterationPath,
      idempotencyKey: context.idempotencyKey,
      signal: context.signal,
    })
    if (result === false) delivered = false
    else if (typeof result === 'object' && result !== null) delivered = result.delivered
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    context.emit({ type: 'notify.sent', target: input.target, delivered: false, error: message })
    return { status: 'failed', error: new StepwiseError('NOTIFY_FAILED', `Notifier "${input.target}" failed: ${message}`, { cause: error }), output: { target: input.target, delivered: false, error: message } }
  }
  context.emit({ type: 'notify.sent', target: input.target, delivered })
  return { status: 'completed', output: { target: input.target, delivered } }
}
