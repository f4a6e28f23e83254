/**
 * @module
 * Terminal styling (ANSI colours, only when enabled) and compact value summaries.
 */

/** The colours the CLI uses. */
export type Tone = 'green' | 'red' | 'yellow' | 'cyan' | 'dim' | 'bold'

const CODES: Record<Tone, [number, number]> = {
  green: [32, 39],
  red: [31, 39],
  yellow: [33, 39],
  cyan: [36, 39],
  dim: [2, 22],
  bold: [1, 22],
}

/** Applies a colour (or returns the text unchanged when colours are off). */
export type Paint = (tone: Tone, text: string) => string

/** A {@link Paint} that colours when `enabled`. */
export function painter(enabled: boolean): Paint {
  return (tone, text) => (enabled ? `\u001b[${CODES[tone][0]}m${text}\u001b[${CODES[tone][1]}m` : text)
}

/** Whether to colour `stream`: a terminal, unless NO_COLOR is set; FORCE_COLOR forces it. */
export function colorEnabled(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true
  return isTTY
}

/** `value` as one line of compact JSON (strings as is), cut at `max` characters. */
export function summarize(value: unknown, max = 100): string {
  let text: string
  if (typeof value === 'string') text = value
  else {
    try {
      text = JSON.stringify(value) ?? String(value)
    } catch {
      text = String(value)
    }
  }
  text = text.replace(/\s*\n\s*/g, ' ')
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/** Milliseconds as `850 ms` or `1.2 s`. */
export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}
