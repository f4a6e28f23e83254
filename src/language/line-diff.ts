/**
 * @module
 * A small line diff (longest common subsequence) for showing reviewers what a proposal changes.
 */

/**
 * Unified-style line diff of two texts: unchanged lines start with two spaces, removed lines with
 * `- `, added lines with `+ `. Runs of more than `context` unchanged lines are folded to `…`.
 * Inputs over 4,000 lines each are compared as whole blocks (removed, then added).
 */
export function lineDiff(before: string, after: string, context = 3): string {
  const a = before.split('\n')
  const b = after.split('\n')
  if (a.length > 4000 || b.length > 4000) return [...a.map((l) => `- ${l}`), ...b.map((l) => `+ ${l}`)].join('\n')
  // lcs[i][j] = length of the LCS of a[i:] and b[j:].
  const lcs: Uint32Array[] = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1))
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1])
  }
  const lines: { kind: ' ' | '-' | '+'; text: string }[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push({ kind: ' ', text: a[i++] })
      j++
    } else if (j < b.length && (i === a.length || lcs[i][j + 1] > lcs[i + 1][j])) lines.push({ kind: '+', text: b[j++] })
    else lines.push({ kind: '-', text: a[i++] })
  }
  const near = lines.map((_, k) => lines.slice(Math.max(0, k - context), k + context + 1).some((l) => l.kind !== ' '))
  const out: string[] = []
  for (let k = 0; k < lines.length; k++) {
    if (near[k]) out.push(`${lines[k].kind} ${lines[k].text}`)
    else if (out[out.length - 1] !== '…') out.push('…')
  }
  return out.join('\n')
}
