/**
 * @module
 * Save-time validation of triggers: shape (strict, per type), cron (5 or 6 fields, via
 * cron-parser), IANA timezone, webhook path, JSONata of `variableMapping` and event filters, and
 * the reserved variables. Failures throw `TRIGGER_INVALID` with `details.reason` (the first
 * issue's) and `details.issues: [{ path, message, reason }]`.
 */
import { z } from 'zod'
import { StepwiseError } from '../errors/stepwise-error.js'
import { cronProblem, isValidTimezone } from './schedule/cron.js'
import type { TriggerConfig, TriggerType } from './trigger-types.js'
import { compilePayloadExpression } from './variables.js'
import { normalizeWebhookPath } from './webhook/path.js'

/** Variables a trigger sets itself; a trigger's `variables` and `variableMapping` cannot name them. */
export const RESERVED_VARIABLES: readonly string[] = ['_trigger', '_payload']

/** One validation issue. */
export interface TriggerIssue {
  /** JSON Pointer into the input (`/config/cron`). */
  path: string
  /** What is wrong. */
  message: string
  /** Machine-readable reason. */
  reason: string
}

/** A validated, normalised trigger. */
export interface ValidTrigger {
  /** Id to update, when given. */
  id?: string
  /** Name (trimmed). */
  name: string
  /** Type. */
  type: TriggerType
  /** Workflow. */
  workflowId?: string
  /** Enabled (default true). */
  enabled: boolean
  /** Normalised config. */
  config: TriggerConfig
  /** Normalised webhook path. */
  webhookPath?: string
}

const mapping = z.record(z.string().min(1).max(100), z.string().min(1).max(2000))
const base = {
  variables: z.record(z.string(), z.unknown()).optional(),
  maxConcurrent: z.number().int().min(1).max(10_000).optional(),
}
const CONFIG_SCHEMAS: Record<TriggerType, z.ZodType> = {
  manual: z.strictObject({ ...base, variableMapping: mapping.optional() }),
  schedule: z.strictObject({
    ...base,
    cron: z.string(),
    timezone: z.string().optional(),
    catchUp: z.enum(['skip', 'latest', 'all']).optional(),
    catchUpLimit: z.number().int().min(1).max(1000).optional(),
    overlap: z.enum(['allow', 'skip']).optional(),
    target: z.strictObject({ prompt: z.string().min(1).max(100_000) }).optional(),
  }),
  webhook: z.strictObject({
    ...base,
    path: z.string(),
    method: z.enum(['POST', 'GET', 'PUT', 'PATCH', 'DELETE']).optional(),
    secret: z.string().min(1).max(1000).optional(),
    variableMapping: mapping.optional(),
    filter: z
      .strictObject({
        events: z.array(z.string().min(1)).optional(),
        actions: z.array(z.string().min(1)).optional(),
        branch: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
        labels: z.array(z.string().min(1)).optional(),
      })
      .optional(),
  }),
  event: z.strictObject({ ...base, event: z.string().min(1).max(200), filter: z.string().min(1).max(2000).optional(), variableMapping: mapping.optional() }),
}

const INPUT = z.strictObject({
  id: z.string().min(1).optional(),
  name: z.string(),
  type: z.enum(['manual', 'schedule', 'webhook', 'event']),
  workflowId: z.string().min(1).optional(),
  enabled: z.boolean().optional(),
  config: z.unknown().optional(),
})

function zodIssues(error: z.ZodError, prefix: string): TriggerIssue[] {
  return error.issues.map((issue) => ({ path: `${prefix}/${issue.path.map(String).join('/')}`.replace(/\/$/, ''), message: issue.message, reason: 'invalid_config' }))
}

/** Throws `TRIGGER_INVALID` for the issues (first issue's reason in `details.reason`). */
export function triggerInvalid(issues: TriggerIssue[]): StepwiseError {
  const summary = issues
    .slice(0, 5)
    .map((i) => `${i.path || '/'}: ${i.message}`)
    .join('; ')
  return new StepwiseError('TRIGGER_INVALID', `Trigger is invalid: ${summary}`, { details: { reason: issues[0].reason, issues } })
}

function checkExpression(source: string, path: string, issues: TriggerIssue[]): void {
  try {
    compilePayloadExpression(source)
  } catch (error) {
    issues.push({ path, message: error instanceof Error ? error.message : String(error), reason: 'invalid_expression' })
  }
}

function checkSemantics(type: TriggerType, config: Record<string, unknown>, issues: TriggerIssue[]): void {
  const variables = (config.variables ?? {}) as Record<string, unknown>
  for (const name of RESERVED_VARIABLES) {
    if (Object.hasOwn(variables, name)) issues.push({ path: `/config/variables/${name}`, message: `${name} is set by the trigger.`, reason: 'reserved_variable' })
  }
  try {
    JSON.stringify(variables)
  } catch {
    issues.push({ path: '/config/variables', message: 'variables must be JSON.', reason: 'invalid_config' })
  }
  for (const [name, source] of Object.entries((config.variableMapping ?? {}) as Record<string, string>)) {
    if (RESERVED_VARIABLES.includes(name)) issues.push({ path: `/config/variableMapping/${name}`, message: `${name} is set by the trigger.`, reason: 'reserved_variable' })
    checkExpression(source, `/config/variableMapping/${name}`, issues)
  }
  if (type === 'schedule') {
    const problem = cronProblem(config.cron)
    if (problem !== undefined) issues.push({ path: '/config/cron', message: problem, reason: 'invalid_cron' })
    if (config.timezone !== undefined && !isValidTimezone(config.timezone)) {
      issues.push({ path: '/config/timezone', message: `Unknown IANA timezone "${String(config.timezone)}" (e.g. Europe/Berlin, America/New_York, UTC).`, reason: 'invalid_timezone' })
    }
  }
  if (type === 'webhook' && normalizeWebhookPath(config.path) === undefined) {
    issues.push({ path: '/config/path', message: 'A webhook path is 1-200 characters of [A-Za-z0-9._~-] segments separated by "/".', reason: 'invalid_webhook_path' })
  }
  if (type === 'event' && typeof config.filter === 'string') checkExpression(config.filter, '/config/filter', issues)
}

/** Validates and normalises `engine.triggers.save` input, or throws `TRIGGER_INVALID`. */
export function validateTrigger(input: unknown): ValidTrigger {
  const parsed = INPUT.safeParse(input)
  if (!parsed.success) throw triggerInvalid(zodIssues(parsed.error, ''))
  const { id, type, workflowId, enabled } = parsed.data
  const name = parsed.data.name.trim()
  const issues: TriggerIssue[] = []
  if (name === '' || name.length > 200) issues.push({ path: '/name', message: 'A trigger name is 1-200 characters.', reason: 'invalid_name' })
  let raw = parsed.data.config ?? {}
  if (type === 'webhook' && typeof raw === 'object' && raw !== null && typeof (raw as { method?: unknown }).method === 'string') {
    raw = { ...raw, method: ((raw as { method: string }).method).toUpperCase() }
  }
  const config = CONFIG_SCHEMAS[type].safeParse(raw)
  if (!config.success) throw triggerInvalid([...issues, ...zodIssues(config.error, '/config')])
  const normalised = { ...(config.data as Record<string, unknown>) }
  checkSemantics(type, normalised, issues)
  const isPromptSchedule = type === 'schedule' && normalised.target !== undefined
  if (workflowId === undefined && !isPromptSchedule) issues.push({ path: '/workflowId', message: 'workflowId is required (except for a schedule with target.prompt).', reason: 'missing_workflow' })
  if (issues.length > 0) throw triggerInvalid(issues)
  if (type === 'schedule') normalised.cron = String(normalised.cron).trim()
  const valid: ValidTrigger = { name, type, enabled: enabled ?? true, config: normalised as unknown as TriggerConfig }
  if (type === 'webhook') {
    const path = normalizeWebhookPath(normalised.path) as string
    normalised.path = path
    valid.webhookPath = path
  }
  if (id !== undefined) valid.id = id
  if (workflowId !== undefined) valid.workflowId = workflowId
  return valid
}
