/**
 * @module
 * Schema of the `notify` step: sends a message through a host notifier.
 */
import { z } from 'zod'
import { unknownNameHint } from '../../language/name-suggestions.js'
import { baseExpressionFields, stepBaseShape, stringField } from '../../language/step-base-schema.js'
import type { StepSchemaSpec } from '../../language/step-schema-spec.js'
import type { StepBase } from '../../language/workflow-types.js'

/** Sends a message through a host notifier. */
export interface NotifyStep extends StepBase {
  /** Discriminator. */
  type: 'notify'
  /** Host notifier name (default `default`). */
  target?: string
  /** The message (template). */
  content: string
}

/** Schema spec of {@link NotifyStep}. */
export const notifyStepSchema: StepSchemaSpec<NotifyStep> = {
  type: 'notify',
  schema: () =>
    z.strictObject({
      ...stepBaseShape('notify'),
      target: z.string().min(1).optional().describe('Host notifier name (default "default").'),
      content: z.string().min(1).describe('The message (template).'),
    }),
  blocks: () => [],
  expressions: (step) => [...baseExpressionFields(step), ...stringField(step, 'content', 'template')],
  check(step, context) {
    const target = step.target ?? 'default'
    if (context.notifiers === undefined || typeof target !== 'string' || context.notifiers.includes(target)) return []
    return [
      {
        path: '/target',
        code: 'unknown_notifier',
        message: step.target === undefined ? 'No notifier named `default` is registered; set `target`.' : `Unknown notifier \`${target}\`.`,
        hint: unknownNameHint(target, 'notifiers', context.notifiers),
      },
    ]
  },
}
