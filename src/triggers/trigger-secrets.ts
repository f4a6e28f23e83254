/**
 * @module
 * Webhook secrets are write-only outside the engine: APIs show `[redacted]`, and saving a trigger
 * with `[redacted]` keeps the secret already stored.
 */
import type { Engine } from '../engine/engine-types.js'
import { StepwiseError } from '../errors/stepwise-error.js'
import type { TriggerRecord } from './trigger-types.js'

/** Placeholder for a removed secret. */
export const REDACTED = '[redacted]'

/** A shallow copy of a trigger whose webhook secret (if any) reads `[redacted]`. */
export function redactTriggerSecret<T extends TriggerRecord>(trigger: T): T {
  const config = trigger.config as Record<string, unknown> | undefined
  if (config === undefined || typeof config.secret !== 'string') return trigger
  return { ...trigger, config: { ...config, secret: REDACTED } }
}

/**
 * Resolves a `[redacted]` secret in a trigger being saved to the secret stored on the existing
 * webhook trigger (found by `id`, else by name); `INVALID_ARGUMENT` when there is none.
 */
export async function keepStoredSecret(engine: Engine, input: { id?: string; name?: string }, config: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (config.secret !== REDACTED) return config
  const key = input.name?.toLowerCase()
  const existing = input.id !== undefined ? await engine.triggers.get(input.id) : (await engine.triggers.list()).find((t) => t.name.toLowerCase() === key)
  const secret = existing?.type === 'webhook' ? existing.config.secret : undefined
  if (secret === undefined) throw new StepwiseError('INVALID_ARGUMENT', `config.secret "${REDACTED}" only keeps the secret of an existing webhook trigger; give a real secret or leave it out.`)
  return { ...config, secret }
}
