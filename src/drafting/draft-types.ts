/**
 * @module
 * Options, result and limits of `draftWorkflow`.
 */
import type { LanguageModel } from 'ai'
import type { Engine } from '../engine/engine-types.js'
import type { WorkflowDefinition } from '../language/workflow-types.js'

/**
 * Names the model may use, listed in its instructions (the model cannot guess the host's tool
 * names). Without `engine`, drafts are also validated against these names.
 */
export interface DraftCatalog {
  /** Tool names, or a tool map (an AI SDK `ToolSet`): names and descriptions are listed. */
  tools?:
    | readonly string[]
    | Readonly<
        Record<
          string,
          {
            /** The tool's description, listed with its name. */
            readonly description?: string
          }
        >
      >
  /** Names in the host's model map. */
  models?: readonly string[]
  /** Notifier targets. */
  notifiers?: readonly string[]
}

/** Options of `draftWorkflow`. */
export interface DraftWorkflowOptions {
  /** The AI SDK model that writes the draft. */
  model: LanguageModel
  /** What the workflow should do, or what to change in `base` (at most 8,000 characters). */
  prompt: string
  /** A workflow to refine (at most 32 KB as JSON). It may itself be invalid. */
  base?: WorkflowDefinition | unknown
  /**
   * Ids of the steps of `base` that may change (1–20, each `[A-Za-z0-9_-]`). Steps nested inside
   * them may change too; every other step and every top-level field must come back unchanged.
   */
  stepIds?: readonly string[]
  /** A short extra instruction, e.g. what to do with the selected steps (at most 500 characters). */
  instruction?: string
  /**
   * Validate with this engine's tool, model and notifier names (`engine.workflows.validate`),
   * so a draft naming an unknown tool is fed back to the model.
   */
  engine?: Pick<Engine, 'workflows'>
  /** Names listed to the model (and checked when no `engine` is given). */
  catalog?: DraftCatalog
  /** Model calls at most, each validated (default 3, at most 10). */
  maxAttempts?: number
  /** Retries the AI SDK makes itself per call on a retryable provider error (its default is 2). */
  maxRetries?: number
  /** Cancels drafting (`CANCELLED`). */
  abortSignal?: AbortSignal
}

/** What `draftWorkflow` returns: a valid, normalised workflow (ids filled). */
export interface DraftWorkflowResult {
  /** The workflow, validated like `engine.workflows.save` would. Not saved. */
  workflow: WorkflowDefinition
  /** Model calls it took (1 when the first draft was valid). */
  attempts: number
}

/** Input size limits of `draftWorkflow`; larger input is rejected with `INVALID_ARGUMENT`. */
export const DRAFT_LIMITS = Object.freeze({
  /** Characters of `prompt`. */
  maxPromptChars: 8000,
  /** UTF-8 bytes of `base` as JSON. */
  maxBaseBytes: 32 * 1024,
  /** Characters of `instruction`. */
  maxInstructionChars: 500,
  /** Entries of `stepIds`. */
  maxStepIds: 20,
  /** Value of `maxAttempts`. */
  maxAttempts: 10,
})
