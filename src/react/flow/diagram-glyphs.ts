/**
 * @module
 * Text and glyphs of statuses and step icons. A status is always shown as glyph and text,
 * never by colour alone; glyphs are decorative (hidden from assistive technology).
 */
import type { StepStatus } from '../../engine/records.js'

/** Text of each step status. */
export const STATUS_TEXT: Readonly<Record<StepStatus, string>> = {
  pending: 'Pending',
  running: 'Running',
  waiting: 'Waiting',
  completed: 'Completed',
  failed: 'Failed',
  skipped: 'Skipped',
  cancelled: 'Cancelled',
}

/** Glyph of each step status. */
export const STATUS_GLYPH: Readonly<Record<StepStatus, string>> = {
  pending: '○',
  running: '⟳',
  waiting: '⏸',
  completed: '✓',
  failed: '✕',
  skipped: '↷',
  cancelled: '⊘',
}

/** Default glyphs of the icon ids used by the built-in step metadata. */
const ICON_GLYPHS: Readonly<Record<string, string>> = {
  sparkles: '✦',
  wrench: '⚒',
  bell: '✉',
  terminal: '›_',
  'git-branch': '⑂',
  repeat: '↻',
  split: '⇉',
  'user-check': '☑',
  clock: '◷',
  variable: '≔',
  flag: '⚑',
}

/** The default glyph of an icon id (`•` for unknown ids). */
export function iconGlyph(icon: string): string {
  return Object.hasOwn(ICON_GLYPHS, icon) ? ICON_GLYPHS[icon] : '•'
}
