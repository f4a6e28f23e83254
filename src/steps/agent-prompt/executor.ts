import type { LanguageModel, ToolSet } from 'ai'
import { streamAgentTurn } from '../../adapters/model/stream-agent-turn.js'
import { StepwiseError } from '../../errors/stepwise-error.js'
import type { StepContext, StepOutcome } from '../../engine/step-type.js'
import type { AgentPromptStep } from './schema.js'

/** Default, minimum and maximum time of an agent step. */
export const AGENT_TIMEOUT = { default: 300_000, min: 1_000, max: 900_000 } as const

/** Journaled input of an agent step. */
export interface AgentPromptInput {
  /** Rendered prompt. */
  prompt: string
  /** Rendered system prompt. */
  system?: string
}

/** Renders prompt and system prompt. */
export async function prepareAgentPrompt(context: StepContext<AgentPromptStep>): Promise<AgentPromptInput> {
  const input: AgentPromptInput = { prompt: await context.renderText(context.step.prompt, '/prompt') }
  if (context.step.system !== undefined) input.system = await context.renderText(context.step.system, '/system')
  return input
}

/** Runs one streamed model turn with the step's allowed tools; every part becomes an event. */
export async function executeAgentPrompt(context: StepContext<AgentPromptStep>, input: AgentPromptInput): Promise<StepOutcome> {
  const { step } = context
  const modelName = step.model ?? 'default'
  const models = context.services.models
  const model = Object.hasOwn(models, modelName) ? (models[modelName] as LanguageModel) : undefined
  if (model === undefined) {
    return { status: 'failed', error: new StepwiseError('MODEL_FAILED', `Unknown model "${modelName}". Pass createEngine({ models: { ${modelName}: … } }).`, { retryable: false }) }
  }
  const tools: ToolSet = {}
  for (const name of step.tools ?? []) {
    const tool = Object.hasOwn(context.services.tools, name) ? context.services.tools[name] : undefined
    if (tool === undefined) return { status: 'failed', error: new StepwiseError('TOOL_FAILED', `agent_prompt allows unknown tool "${name}".`, { retryable: false }) }
    tools[name] = tool
  }
  const turnId = `${context.idempotencyKey}#${context.attempt}`
  const started = context.services.clock.now().getTime()
  context.emit({ type: 'agent.turn.started', turnId, prompt: input.prompt, model: modelName })
  try {
    const result = await streamAgentTurn({
      model,
      ...(input.system === undefined ? {} : { system: input.system }),
      prompt: input.prompt,
      tools,
      maxSteps: step.maxSteps ?? 5,
      signal: context.signal,
      context: { executionId: context.executionId, stepId: step.id, iterationPath: context.iterationPath, attempt: context.attempt, idempotencyKey: context.idempotencyKey },
      onPart: (part) => {
        if (part.type === 'text-delta') context.emit({ type: 'agent.text.delta', turnId, delta: part.delta })
        else if (part.type === 'reasoning-delta') context.emit({ type: 'agent.reasoning.delta', turnId, delta: part.delta })
        else if (part.type === 'tool-call') context.emit({ type: 'agent.tool.call', turnId, toolCallId: part.toolCallId, toolName: part.toolName, input: part.input })
        else context.emit(part.isError === true ? { type: 'agent.tool.result', turnId, toolCallId: part.toolCallId, toolName: part.toolName, output: part.output, isError: true } : { type: 'agent.tool.result', turnId, toolCallId: part.toolCallId, toolName: part.toolName, output: part.output })
      },
    })
    context.emit({ type: 'agent.turn.finished', turnId, reason: 'completed', usage: result.usage })
    return {
      status: 'completed',
      output: { response: result.text, prompt: input.prompt, model: modelName, usage: result.usage, durationMs: context.services.clock.now().getTime() - started },
    }
  } catch (error) {
    const failure = StepwiseError.from(error, 'MODEL_FAILED')
    context.emit({ type: 'agent.turn.finished', turnId, reason: failure.code === 'CANCELLED' ? 'cancelled' : 'error', error: { code: failure.code, message: failure.message } })
    throw failure
  }
}

/** Publishes only the response (text) into `outputs`. */
export function* publishAgentPrompt(output: unknown, step: AgentPromptStep): Iterable<readonly [string, unknown]> {
  yield [step.outputVariable ?? step.id, (output as { response: unknown }).response]
}
