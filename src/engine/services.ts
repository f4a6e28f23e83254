import type { Tool } from 'ai'
import type { Notifier } from '../adapters/notify/notifier.js'
import type { ShellAdapter } from '../adapters/shell/shell-adapter.js'
import type { AgentRunner } from '../adapters/model/agent-runner.js'
import type { WorkflowLimits } from '../language/workflow-types.js'
import type { Clock } from './clock.js'
import type { ToolPolicy } from '../policy/policy.js'

/** Tools by name: AI SDK tools (`tool({ description, inputSchema, execute })`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ToolMap = Record<string, Tool<any, any>>

/** What step executors can use from the host. */
export interface EngineServices {
  /** Host tools. */
  readonly tools: ToolMap
  /** Notifiers by target name. */
  readonly notifiers: Readonly<Record<string, Notifier>>
  /** Shell adapter for `bash` steps (opt-in). */
  readonly shell?: ShellAdapter
  /** Model map (`{ default, fast, … }`), AI SDK language models. */
  readonly models: Readonly<Record<string, unknown>>
  /** Custom agent runtime for `agent_prompt` (default: the AI SDK's `streamText` over `models`). */
  readonly agent?: AgentRunner
  /** The tool policy (risk → allow / approve / deny). */
  readonly policy?: ToolPolicy
  /** The clock. */
  readonly clock: Clock
  /** Effective limits of the running workflow. */
  readonly limits: WorkflowLimits
}
