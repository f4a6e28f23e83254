/**
 * @module
 * Default glyphs of step icons (statuses use `presentStatus` of `stepwise/react`, so the
 * diagram and the step cards agree).
 */

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
