/**
 * @module
 * The union of the built-in step types and the workflow type built from it.
 */
import type { WorkflowDefinition } from '../language/workflow-types.js'
import type { AgentPromptStep } from './agent-prompt/schema.js'
import type { ApprovalStep } from './approval/schema.js'
import type { BashStep } from './bash/schema.js'
import type { ConditionalStep } from './conditional/schema.js'
import type { EndStep } from './end/schema.js'
import type { LoopStep } from './loop/schema.js'
import type { NotifyStep } from './notify/schema.js'
import type { ParallelStep } from './parallel/schema.js'
import type { SetStep } from './set/schema.js'
import type { ToolStep } from './tool/schema.js'
import type { WaitStep } from './wait/schema.js'

/** Any built-in step, discriminated by `type`. */
export type Step = AgentPromptStep | ToolStep | NotifyStep | BashStep | ConditionalStep | LoopStep | ParallelStep | ApprovalStep | WaitStep | SetStep | EndStep

/** A workflow document made of built-in steps (the normalised form `validate` returns). */
export type Workflow = WorkflowDefinition<Step>
