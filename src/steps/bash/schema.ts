/**
 * @module
 * Schema of the `bash` step: runs a shell command through the host's opt-in shell adapter.
 */
import { z } from 'zod'
import { SHELL_TEMPLATE_PREFIX } from '../../language/expressions/index.js'
import { escapePointerToken } from '../../language/expressions/index.js'
import { ENV_NAME_PATTERN } from '../../language/ids.js'
import { baseExpressionFields, isRecord, stepBaseShape, stringField, timeoutSchema } from '../../language/step-base-schema.js'
import type { ExpressionFieldRef, StepSchemaSpec } from '../../language/step-schema-spec.js'
import type { StepBase, ValidationIssue } from '../../language/workflow-types.js'

/** Default timeout of a `bash` step, ms. */
export const BASH_DEFAULT_TIMEOUT_MS = 120_000
/** Largest timeout of a `bash` step, ms. */
export const BASH_MAX_TIMEOUT_MS = 600_000

/** Runs a shell command. Template values reach it through environment variables, never spliced into the text. */
export interface BashStep extends StepBase {
  /** Discriminator. */
  type: 'bash'
  /** The command (template; each `{{ }}` becomes a quoted `$STEPWISE_TPL_<n>` reference). */
  command: string
  /** Working directory (template). */
  cwd?: string
  /** Extra environment variables (values are templates). */
  env?: Record<string, string>
}

/** Schema spec of {@link BashStep}. */
export const bashStepSchema: StepSchemaSpec<BashStep> = {
  type: 'bash',
  schema: () =>
    z.strictObject({
      ...stepBaseShape('bash'),
      command: z.string().min(1).describe('Shell command (template; values are passed as environment variables).'),
      cwd: z.string().min(1).optional().describe('Working directory (template).'),
      env: z
        .record(z.string().regex(ENV_NAME_PATTERN, { error: 'Environment variable names must match [A-Za-z_][A-Za-z0-9_]*.' }), z.string())
        .optional()
        .describe('Environment variables (values are templates).'),
      timeoutMs: timeoutSchema(1, BASH_MAX_TIMEOUT_MS).optional().describe('Default 120000, at most 600000.'),
    }),
  blocks: () => [],
  expressions(step) {
    const env: ExpressionFieldRef[] = isRecord(step.env)
      ? Object.entries(step.env)
          .filter(([, value]) => typeof value === 'string')
          .map(([key, value]) => ({ pointer: `/env/${escapePointerToken(key)}`, kind: 'template', value }))
      : []
    return [...baseExpressionFields(step), ...stringField(step, 'command', 'template'), ...stringField(step, 'cwd', 'template'), ...env]
  },
  check(step) {
    const issues: ValidationIssue[] = []
    if (isRecord(step.env)) {
      for (const key of Object.keys(step.env)) {
        if (key.startsWith(SHELL_TEMPLATE_PREFIX)) {
          issues.push({ path: `/env/${escapePointerToken(key)}`, code: 'invalid_field', message: `Environment variables starting with \`${SHELL_TEMPLATE_PREFIX}\` are reserved for template values.` })
        }
      }
    }
    return issues
  },
}
