/**
 * @module
 * `workflowIdFromName`: a kebab-case workflow id derived from a display name.
 */

/** Longest derived id (ids may have 128 characters; shorter ones read better in URLs). */
const MAX_DERIVED_ID = 64

/**
 * `"Triage a new issue!"` → `triage-a-new-issue`: accents dropped, every run of other characters
 * a `-`, at most 64 characters. `undefined` when nothing usable is left.
 */
export function workflowIdFromName(name: string): string | undefined {
  const id = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_DERIVED_ID)
    .replace(/^-+|-+$/g, '')
  return id === '' ? undefined : id
}
