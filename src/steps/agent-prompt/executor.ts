/**
 * @module
 * Executor of `agent_prompt`: resolves persona, models, tools, output schema and thread, then
 * runs turns through the agent runner (the AI SDK by default) with failover and, for an
 * `outputSchema`, up to three attempts that repair the reply in the same conversation.
 */
import { aiSdkAgent } from '../../adapters/model/ai-sdk-agent.js'
import type { AgentMessage, AgentRunner } from '../../adapters/model/agent-runner.js'
import { withoutInteractiveExecute } from '../../adapters/model/interactive-tools.js'
import { guardAgentTools, resumeToolDecision, type ToolGate } from './guarded-tools.js'
import type { ToolMap } from '../../engine/services.js'
import type { StepContext, StepOutcome } from '../../engine/step-type.js'
import { StepwiseError } from '../../errors/stepwise-error.js'
import { modelChain, runWithFailover, type TurnTemplate } from './failover.js'
import type { AgentPromptStep } from './schema.js'
import { MAX_OUTPUT_ATTEMPTS, outputContract, repairPrompt, type OutputContract } from './structured-output.js'
import { claimThread, threadEntry, threadHistory, threadNameOf, type ThreadEntry } from './threads.js'
import { TurnRecorder } from './turns.js'
import { acquireAgentSlot } from './concurrency.js'

/** Default, minimum and maximum time of an agent step. */
export const AGENT_TIMEOUT = { default: 300_000, min: 1_000, max: 900_000 } as const
/** Model calls of the tool loop when the step does not set `maxSteps`. */
export const DEFAULT_MAX_STEPS = 10

/** Journaled input of an agent step. */
export interface AgentPromptInput {
  /** Rendered prompt. */
  prompt: string
  /** Rendered system prompt. */
  system?: string
}

/** Output of a completed agent step (`outputs.<name>` gets only `response`). */
export interface AgentPromptOutput {
  /** The reply text, or the parsed object when the step has an `outputSchema`. */
  response: unknown
  /** The resolved prompt. */
  prompt: string
  /** Name of the model that answered. */
  model: string
  /** Tokens used by every turn of this step (superseded ones included). */
  usage: {
    /** Input (prompt) tokens. */
    inputTokens: number
    /** Output (completion) tokens. */
    outputTokens: number
  }
  /** Duration of the attempt, by the engine clock. */
  durationMs: number
  /** The messages this step added to its thread (absent for `thread: "@new"`). */
  thread?: ThreadEntry
}

const defaultRunner = aiSdkAgent()

function fail(code: 'MODEL_FAILED' | 'TOOL_FAILED' | 'OUTPUT_INVALID', message: string, details?: Record<string, unknown>): StepOutcome {
  return { status: 'failed', error: new StepwiseError(code, message, { retryable: false, ...(details === undefined ? {} : { details }) }) }
}

/** Renders prompt and system prompt. */
export async function prepareAgentPrompt(context: StepContext<AgentPromptStep>): Promise<AgentPromptInput> {
  const input: AgentPromptInput = { prompt: await context.renderText(context.step.prompt, '/prompt') }
  if (context.step.system !== undefined) input.system = await context.renderText(context.step.system, '/system')
  return input
}

interface Setup {
  gate: ToolGate
  runner: AgentRunner
  system?: string
  chain: string[]
  tools: ToolMap
  plainTools: ToolMap
  interactive: ReadonlySet<string>
  contract?: OutputContract
}

/** Checks everything that can fail before a model is called; returns the failure or the setup. */
function setUp(context: StepContext<AgentPromptStep>, input: AgentPromptInput): StepOutcome | Setup {
  const { step, services } = context
  const runner = services.agent ?? defaultRunner
  let system = input.system
  if (step.persona !== undefined) {
    const persona = runner.personas !== undefined && Object.hasOwn(runner.personas, step.persona) ? runner.personas[step.persona] : undefined
    if (persona === undefined) {
      const known = Object.keys(runner.personas ?? {})
      return fail('MODEL_FAILED', `Unknown persona "${step.persona}"${known.length === 0 ? '' : ` (known: ${known.join(', ')})`}. Personas belong to the agent runtime: createEngine({ agent: aiSdkAgent({ personas: { ${step.persona}: '…' } }) }).`, { persona: step.persona })
    }
    system = system === undefined ? persona : `${persona}\n\n${system}`
  }
  const chain = modelChain(step.model, step.fallbackModels)
  if (runner.requiresModelMap === true) {
    const unknown = chain.filter((name) => !Object.hasOwn(services.models, name))
    if (unknown.length > 0) {
      const known = Object.keys(services.models)
      return fail('MODEL_FAILED', `Unknown model${unknown.length === 1 ? '' : 's'} ${unknown.map((name) => `"${name}"`).join(', ')}. Known models: ${known.length === 0 ? '(none)' : known.join(', ')}. Pass createEngine({ models: { ${unknown[0]}: … } }).`, { models: unknown })
    }
  }
  const allowed: ToolMap = {}
  for (const name of step.tools ?? []) {
    const tool = Object.hasOwn(services.tools, name) ? services.tools[name] : undefined
    if (tool === undefined) return fail('TOOL_FAILED', `agent_prompt allows unknown tool "${name}". Pass createEngine({ tools: { ${name}: tool({ … }) } }).`, { tool: name })
    allowed[name] = tool
  }
  const { tools: plain, interactive } = withoutInteractiveExecute(allowed)
  const gate: ToolGate = { pause: new AbortController() }
  const tools = guardAgentTools(context, plain, gate)
  let contract: OutputContract | undefined
  if (step.outputSchema !== undefined) {
    try {
      contract = outputContract(step.outputSchema)
    } catch (error) {
      return { status: 'failed', error: StepwiseError.from(error, 'OUTPUT_INVALID') }
    }
  }
  return { gate, plainTools: plain, runner, ...(system === undefined ? {} : { system }), chain, tools, interactive, ...(contract === undefined ? {} : { contract }) }
}

/** Runs the step: turns with failover and, for an `outputSchema`, repair attempts. */
export async function executeAgentPrompt(context: StepContext<AgentPromptStep>, input: AgentPromptInput): Promise<StepOutcome> {
  const started = context.services.clock.now().getTime()
  const setup = setUp(context, input)
  if ('status' in setup) return setup
  const release = await acquireAgentSlot(context.executionId, context.services.limits.maxConcurrentAgentSteps, context.signal)
  try {
    return await runAgentStep(context, input, setup, started)
  } finally {
    release()
  }
}

async function runAgentStep(context: StepContext<AgentPromptStep>, input: AgentPromptInput, setup: Setup, started: number): Promise<StepOutcome> {
  const { step } = context
  const turns = new TurnRecorder(context)
  const threadName = threadNameOf(step.thread)
  const claim = threadName === undefined ? undefined : claimThread(context.executionId, threadName, step.id, step.interrupt === true)
  let history: { messages: AgentMessage[]; seq: number }
  try {
    history = threadName === undefined ? { messages: [], seq: 1 } : threadHistory(await context.journal(), threadName, { stepId: step.id, iterationPath: context.iterationPath })
  } catch (error) {
    turns.dispose()
    claim?.release()
    throw error
  }
  const signal = AbortSignal.any(claim === undefined ? [context.signal, setup.gate.pause.signal] : [context.signal, claim.signal, setup.gate.pause.signal])
  const userText = setup.contract === undefined ? input.prompt : `${input.prompt}\n\n${setup.contract.instructions}`
  const conversation: AgentMessage[] = [...history.messages, { role: 'user', content: userText }]
  let decided: Awaited<ReturnType<typeof resumeToolDecision>>
  try {
    decided = await resumeToolDecision(context, setup.plainTools, setup.gate)
  } catch (error) {
    turns.dispose()
    claim?.release()
    throw error
  }
  if (decided !== undefined && 'outcome' in decided) {
    turns.dispose()
    claim?.release()
    return decided.outcome
  }
  const resumed = decided?.messages ?? []
  conversation.push(...resumed)
  const template: TurnTemplate = {
    models: context.services.models,
    ...(setup.system === undefined ? {} : { system: setup.system }),
    tools: setup.tools,
    maxSteps: step.maxSteps ?? DEFAULT_MAX_STEPS,
    ...(setup.contract === undefined ? {} : { outputSchema: setup.contract.jsonSchema }),
    context: { tenantId: context.tenantId, executionId: context.executionId, stepId: step.id, iterationPath: context.iterationPath, attempt: context.attempt, idempotencyKey: context.idempotencyKey },
  }
  try {
    let from = 0
    let prompt = input.prompt
    let repair: { supersedes: string } | undefined
    for (let attempt = 1; ; attempt++) {
      const result = await runWithFailover(turns, {
        runner: setup.runner,
        template,
        chain: setup.chain,
        from,
        messages: conversation,
        prompt,
        ...(repair === undefined ? {} : { cause: 'repair' as const, supersedes: repair.supersedes }),
        signal,
        interactive: setup.interactive,
      })
      let response: unknown = result.text
      if (setup.contract !== undefined) {
        const checked = setup.contract.check(result.text)
        if (!checked.ok) {
          const error = new StepwiseError('OUTPUT_INVALID', `The reply does not match outputSchema after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${checked.error}`, { retryable: false, details: { attempts: attempt } })
          if (attempt >= MAX_OUTPUT_ATTEMPTS) {
            turns.finish('error', { code: error.code, message: error.message }, result.usage)
            return { status: 'failed', error }
          }
          turns.finish('cancelled', { code: 'OUTPUT_INVALID', message: checked.error }, result.usage)
          prompt = repairPrompt(checked.error)
          conversation.push(...result.messages, { role: 'user', content: prompt })
          from = result.index
          repair = { supersedes: result.turnId }
          continue
        }
        response = checked.value
      }
      turns.finish('completed', undefined, result.usage)
      const output: AgentPromptOutput = { response, prompt: input.prompt, model: result.model, usage: { ...turns.usage }, durationMs: context.services.clock.now().getTime() - started }
      if (threadName !== undefined) output.thread = threadEntry(threadName, history.seq, [{ role: 'user', content: userText }, ...resumed, ...result.messages], userText, result.text)
      return { status: 'completed', output }
    }
  } catch (error) {
    if (context.signal.aborted) throw context.signal.reason
    if (setup.gate.pending !== undefined) return setup.gate.pending
    return { status: 'failed', error: StepwiseError.from(error, 'MODEL_FAILED') }
  } finally {
    turns.dispose()
    claim?.release()
  }
}

/** Publishes only the response (text, or the parsed object) into `outputs`. */
export function* publishAgentPrompt(output: unknown, step: AgentPromptStep): Iterable<readonly [string, unknown]> {
  yield [step.outputVariable ?? step.id, (output as { response: unknown }).response]
}
