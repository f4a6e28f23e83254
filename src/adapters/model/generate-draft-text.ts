/**
 * @module
 * `generateDraftText`: the one AI SDK call of workflow drafting (`draftWorkflow`). It lives with
 * the other AI SDK code so that a move to the next AI SDK major touches only this folder.
 */
import { generateText, type LanguageModel } from 'ai'
import { StepwiseError } from '../../errors/stepwise-error.js'
import { describeModelError, isRetriableModelError } from './model-errors.js'

/** One drafting request to the model: a system prompt and one user message. */
export interface DraftTextRequest {
  /** The AI SDK model. */
  model: LanguageModel
  /** The system prompt (language guide and JSON Schema). */
  system: string
  /** The user message of this attempt. */
  prompt: string
  /** Retries the AI SDK makes itself on a retryable provider error (its default is 2). */
  maxRetries?: number
  /** Cancels the call. */
  abortSignal?: AbortSignal
}

/**
 * Asks the model for text (no tools, one step) and returns it. A provider failure becomes
 * `MODEL_FAILED` (retryable as the AI SDK marks it); an abort becomes `CANCELLED`.
 */
export async function generateDraftText(request: DraftTextRequest): Promise<string> {
  try {
    const result = await generateText({
      model: request.model,
      system: request.system,
      prompt: request.prompt,
      ...(request.maxRetries === undefined ? {} : { maxRetries: request.maxRetries }),
      ...(request.abortSignal === undefined ? {} : { abortSignal: request.abortSignal }),
    })
    return result.text
  } catch (error) {
    if (request.abortSignal?.aborted === true) {
      throw new StepwiseError('CANCELLED', 'Drafting was cancelled.', { cause: error, details: { reason: 'aborted' } })
    }
    throw new StepwiseError('MODEL_FAILED', `The drafting model failed: ${describeModelError(error)}`, { cause: error, retryable: isRetriableModelError(error) })
  }
}
