/**
 * @module
 * `errorMessage`: the text of anything thrown, with the first validation issue when there is one.
 */

/** A short message for the UI. */
export function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const issues = (error as { details?: { issues?: { path: string; message: string }[] } }).details?.issues
  const first = Array.isArray(issues) ? issues[0] : undefined
  return first === undefined ? error.message : `${error.message} (${first.path || '/'}: ${first.message})`
}
