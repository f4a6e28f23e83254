/**
 * @module
 * Cron expressions in an IANA timezone, with a fixed daylight-saving rule.
 *
 * cron-parser enumerates **wall-clock** times (it is run in UTC, which has no DST); this module
 * maps each wall time to real instants in the schedule's timezone:
 *
 * - a wall time that exists once is one tick;
 * - clocks go forward (a wall time that does not exist, e.g. 02:30 on a spring-forward night):
 *   a *fixed-time* schedule fires once at the first instant after the gap (03:00 new time); a
 *   *wildcard* schedule skips it (its cadence continues in real time);
 * - clocks go back (a wall time that happens twice, e.g. 01:30 on a fall-back night): a
 *   fixed-time schedule fires only at the first occurrence; a wildcard schedule fires at both
 *   (an hourly schedule keeps one run per real hour);
 * - ticks are instants, so two wall times mapping to one instant fire once.
 *
 * A schedule is *wildcard* when its minute or hour field contains `*` or `?` (Vixie cron's
 * rule), e.g. `0 * * * *`, `30 * * * *`, `@hourly`; otherwise it is fixed-time
 * (`30 2 * * *`, `0 9 * * MON-FRI`, `@daily`).
 */
import { CronExpressionParser } from 'cron-parser'

const DAY = 86_400_000

const ALIASES: Readonly<Record<string, string>> = {
  '@yearly': '0 0 0 1 1 *',
  '@annually': '0 0 0 1 1 *',
  '@monthly': '0 0 0 1 * *',
  '@weekly': '0 0 0 * * 0',
  '@daily': '0 0 0 * * *',
  '@hourly': '0 0 * * * *',
  '@minutely': '0 * * * * *',
  '@secondly': '* * * * * *',
  '@weekdays': '0 0 0 * * 1-5',
  '@weekends': '0 0 0 * * 0,6',
}

/** A parsed cron schedule. */
export interface CronSchedule {
  /** The expression as given. */
  readonly expression: string
  /** IANA timezone. */
  readonly timezone: string
  /** Fixed-time (see the module notes) rather than wildcard. */
  readonly fixedTime: boolean
  /** Seed of `H` fields (the trigger id), so every engine instance computes the same ticks. */
  readonly seed?: string
}

/** Why an expression or timezone is invalid; `undefined` when valid. */
export function cronProblem(expression: unknown): string | undefined {
  if (typeof expression !== 'string' || expression.trim() === '') return 'cron must be a non-empty string'
  const text = expression.trim()
  if (text.startsWith('@')) {
    if (!Object.hasOwn(ALIASES, text.toLowerCase())) return `unknown cron alias "${text}" (use one of ${Object.keys(ALIASES).join(', ')})`
  } else {
    const fields = text.split(/\s+/).length
    if (fields !== 5 && fields !== 6) return `cron must have 5 fields (minute hour day month weekday) or 6 with seconds first, got ${fields}`
  }
  try {
    CronExpressionParser.parse(text, { tz: 'UTC', currentDate: 0 }).next()
  } catch (error) {
    return `invalid cron "${text}": ${(error as Error).message}`
  }
  return undefined
}

/** True when `timezone` is an IANA timezone the runtime knows. */
export function isValidTimezone(timezone: unknown): boolean {
  if (typeof timezone !== 'string' || timezone === '') return false
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone })
    return true
  } catch {
    return false
  }
}

/** Parses a valid expression (check it with {@link cronProblem} first). */
export function parseCron(expression: string, timezone = 'UTC', seed?: string): CronSchedule {
  const text = expression.trim()
  const expanded = ALIASES[text.toLowerCase()] ?? text
  const fields = expanded.split(/\s+/)
  const [minute, hour] = fields.length === 6 ? fields.slice(1, 3) : fields.slice(0, 2)
  const wildcard = /[*?]/.test(minute) || /[*?]/.test(hour)
  return seed === undefined ? { expression: text, timezone, fixedTime: !wildcard } : { expression: text, timezone, fixedTime: !wildcard, seed }
}

const formatters = new Map<string, Intl.DateTimeFormat>()

/** Offset of `timezone` at `instant` in ms (local wall time minus UTC), at second precision. */
export function offsetAt(timezone: string, instant: number): number {
  let format = formatters.get(timezone)
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    })
    formatters.set(timezone, format)
  }
  const seconds = Math.floor(instant / 1000) * 1000
  const parts: Record<string, string> = {}
  for (const part of format.formatToParts(new Date(seconds))) parts[part.type] = part.value
  const year = parts.era === 'BC' || parts.era === 'B' ? 1 - Number(parts.year) : Number(parts.year)
  const wall = Date.UTC(year, Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second))
  return wall - seconds
}

/** The first instant in `(lo, hi]` whose offset equals the offset at `hi` (a transition), to the second. */
function transitionBetween(timezone: string, lo: number, hi: number): number {
  const target = offsetAt(timezone, hi)
  let low = Math.floor(lo / 1000)
  let high = Math.ceil(hi / 1000)
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2)
    if (offsetAt(timezone, mid * 1000) === target) high = mid
    else low = mid
  }
  return high * 1000
}

/** The instants a wall-clock time (as UTC ms) fires at, per the DST rule of the module notes. */
export function instantsOfWallTime(schedule: CronSchedule, wall: number): number[] {
  const tz = schedule.timezone
  const before = wall - offsetAt(tz, wall - DAY)
  const after = wall - offsetAt(tz, wall + DAY)
  const candidates = (before === after ? [before] : [before, after].sort((a, b) => a - b)).filter((c) => c + offsetAt(tz, c) === wall)
  if (candidates.length === 0) {
    if (!schedule.fixedTime) return []
    return [transitionBetween(tz, Math.min(before, after), Math.max(before, after))]
  }
  return schedule.fixedTime ? candidates.slice(0, 1) : candidates
}

/** Ticks in `(afterMs, upToMs]`, ascending; at most `max` (the newest), `truncated` when more exist. */
export function ticksBetween(schedule: CronSchedule, afterMs: number, upToMs: number, max = 10_000): { ticks: number[]; truncated: boolean } {
  if (!(upToMs > afterMs)) return { ticks: [], truncated: false }
  const tz = schedule.timezone
  const wallLow = afterMs + Math.min(offsetAt(tz, afterMs), offsetAt(tz, afterMs + DAY))
  const wallHigh = upToMs + Math.max(offsetAt(tz, upToMs), offsetAt(tz, upToMs - DAY))
  const options = schedule.seed === undefined ? { tz: 'UTC', currentDate: wallHigh + 1 } : { tz: 'UTC', currentDate: wallHigh + 1, hashSeed: schedule.seed }
  const iterator = CronExpressionParser.parse(schedule.expression, options)
  const found = new Set<number>()
  let truncated = false
  for (;;) {
    let wall: number
    try {
      wall = iterator.prev().getTime()
    } catch {
      break
    }
    if (wall <= wallLow - 1000) break
    for (const instant of instantsOfWallTime(schedule, wall)) if (instant > afterMs && instant <= upToMs) found.add(instant)
    if (found.size >= max) {
      truncated = true
      break
    }
  }
  return { ticks: [...found].sort((a, b) => a - b), truncated }
}

/** `Monday, March 9, 2026`: the long date of `instant` in `timezone` (the prompt target's prefix). */
export function longDate(instant: number, timezone: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'full', timeZone: timezone }).format(new Date(instant))
}
