/**
 * @module
 * Patterns of ids and names in workflow documents.
 */

/** Workflow and step ids: 1–128 of `[A-Za-z0-9_-]` (no `/` or `:`, which iteration paths use). */
export const STEP_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/

/** Identifiers (loop variables, outputSchema fields, variable names): `[A-Za-z_][A-Za-z0-9_]*`. */
export const IDENTIFIER_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Names published into `outputs` (`outputVariable`, `set` keys): a letter or `_`, then `[A-Za-z0-9_-]`, at most 128. */
export const OUTPUT_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/

/** Environment variable names of `bash.env`. */
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/

/** True when `value` is a valid step or workflow id. */
export function isValidId(value: unknown): value is string {
  return typeof value === 'string' && STEP_ID_PATTERN.test(value)
}
