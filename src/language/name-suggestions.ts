/**
 * @module
 * "Did you mean" helpers for hints.
 */

function distance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0]
    previous[0] = i
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j]
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1))
      diagonal = above
    }
  }
  return previous[b.length]
}

/** The candidate closest to `name` (edit distance, case-insensitive), if close enough to be a likely typo. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  if (name.length > 64) return undefined
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of candidates) {
    const d = distance(name, candidate)
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  const tolerance = Math.max(2, Math.floor(name.length / 3))
  return bestDistance <= tolerance ? best : undefined
}

/** A short "Known …: a, b, c" list (at most 20 names). */
export function formatKnown(label: string, names: readonly string[]): string {
  if (names.length === 0) return `No ${label} are registered.`
  const shown = names.slice(0, 20).map((name) => `\`${name}\``).join(', ')
  return `Known ${label}: ${shown}${names.length > 20 ? `, … (${names.length - 20} more)` : ''}.`
}

/** Hint for an unknown name: "did you mean" plus the known names. */
export function unknownNameHint(name: string, label: string, names: readonly string[]): string {
  const close = closestName(name, names)
  return `${close === undefined ? '' : `Did you mean \`${close}\`? `}${formatKnown(label, names)}`
}
