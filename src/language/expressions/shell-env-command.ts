/**
 * @module
 * `toShellEnvCommand`: bash commands whose template values travel in environment variables.
 */
import { StepwiseError } from '../../errors/stepwise-error.js'
import { BoundedCache } from './bounded-cache.js'
import { parseTemplate } from './template-segments.js'

/** Prefix of the environment variables that carry template values into `bash` commands. */
export const SHELL_TEMPLATE_PREFIX = 'STEPWISE_TPL_'

/** A `bash` command with its `{{ }}` segments replaced by environment variable references. */
export interface ShellEnvCommand {
  /** The command text to run. */
  command: string
  /** Variable name → expression to evaluate (render the value as text and put it in the environment). */
  bindings: { name: string; expression: string }[]
}

type Quote = 'none' | 'single' | 'double'

function advanceQuotes(text: string, state: Quote): Quote {
  let quote = state
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]
    if (quote === 'single') {
      if (char === "'") quote = 'none'
    } else if (char === '\\') i += 1
    else if (quote === 'double') {
      if (char === '"') quote = 'none'
    } else if (char === "'") quote = 'single'
    else if (char === '"') quote = 'double'
  }
  return quote
}

const cache = new BoundedCache<string, ShellEnvCommand>(2000)

/**
 * Replaces every `{{ expr }}` of a bash command by a quoted reference to an environment variable
 * `STEPWISE_TPL_<n>` (n from 0), so values are never spliced into shell text and cannot inject
 * syntax. The reference is `"$STEPWISE_TPL_n"` outside quotes, `${STEPWISE_TPL_n}` inside double
 * quotes, and `'"$STEPWISE_TPL_n"'` inside single quotes (closing and reopening them), so it
 * always expands as one word. Throws `EXPRESSION_FAILED` for an unclosed `{{`.
 *
 * @example
 * ```ts
 * toShellEnvCommand('git clone {{ variables.repo }}')
 * // { command: 'git clone "$STEPWISE_TPL_0"', bindings: [{ name: 'STEPWISE_TPL_0', expression: 'variables.repo' }] }
 * ```
 */
export function toShellEnvCommand(command: string): ShellEnvCommand {
  const cached = cache.get(command)
  if (cached !== undefined) return { command: cached.command, bindings: cached.bindings.map((binding) => ({ ...binding })) }
  const parsed = parseTemplate(command)
  if (!parsed.ok) {
    throw new StepwiseError('EXPRESSION_FAILED', `${parsed.message} (at position ${parsed.position})`, { details: { expression: command, position: parsed.position, hint: parsed.hint } })
  }
  let out = ''
  let quote: Quote = 'none'
  const bindings: ShellEnvCommand['bindings'] = []
  for (const segment of parsed.segments) {
    if (segment.kind === 'text') {
      out += segment.text
      quote = advanceQuotes(segment.text, quote)
      continue
    }
    const name = `${SHELL_TEMPLATE_PREFIX}${bindings.length}`
    bindings.push({ name, expression: segment.source })
    out += quote === 'double' ? `\${${name}}` : quote === 'single' ? `'"$${name}"'` : `"$${name}"`
  }
  cache.set(command, { command: out, bindings })
  return { command: out, bindings: bindings.map((binding) => ({ ...binding })) }
}
