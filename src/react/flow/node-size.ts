/**
 * @module
 * Sizes of the diagram's nodes. The layout and the rendered nodes use the same numbers, so
 * what dagre placed is what is drawn.
 */

/** Width of a step card. */
export const STEP_WIDTH = 248
/** Minimum width of a container (loop). */
export const CONTAINER_MIN_WIDTH = 288
/** Width of the start and end nodes. */
export const TERMINAL_WIDTH = 136
/** Side of a join node. */
export const JOIN_SIZE = 24

const LINE = 16
const PADDING = 10
const STATUS_ROW = 22
const PICKER_ROW = 30
const ACTION_ROW = 34
const MAX_ISSUE_LINES = 3

/** What a card shows, which decides its height. */
export interface CardContent {
  /** It has an `if` line. */
  condition?: boolean
  /** It shows a runtime status. */
  status?: boolean
  /** It has an iteration picker. */
  picker?: boolean
  /** It has the edit actions row. */
  actions?: boolean
  /** Number of validation issues listed. */
  issues?: number
}

/** Lines taken by `count` issues: at most three, plus one "and N more". */
export function issueLines(count: number): number {
  return count === 0 ? 0 : Math.min(count, MAX_ISSUE_LINES) + (count > MAX_ISSUE_LINES ? 1 : 0)
}

/** Height of the extra rows a card may have (status, picker, issues, actions). */
function extraRows(content: CardContent): number {
  const issues = issueLines(content.issues ?? 0)
  return (content.status === true ? STATUS_ROW : 0) + (content.picker === true ? PICKER_ROW : 0) + (issues > 0 ? issues * LINE + 4 : 0) + (content.actions === true ? ACTION_ROW : 0)
}

/** Height of a step card (or of a container's header): type, title and summary lines, then the optional rows. */
export function cardHeight(content: CardContent): number {
  return 2 * PADDING + 3 * LINE + 2 + (content.condition === true ? LINE : 0) + extraRows(content)
}

/** Height of a start or end node. */
export function terminalHeight(content: CardContent): number {
  return 40 + extraRows(content)
}
