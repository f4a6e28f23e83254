/**
 * @module
 * The studio's model: a real OpenAI-compatible model when `OPENAI_API_KEY` is set (with
 * `OPENAI_BASE_URL` for any compatible server, `OPENAI_MODEL` for the model id), else the scripted
 * demo model, paced so that its replies visibly stream.
 */
import { createOpenAI } from '@ai-sdk/openai'
import type { LanguageModel } from 'ai'
import { scriptedModel, type ScriptedModel, type ScriptedStreamPart } from '../../src/adapters/model/scripted-model.js'
import { studioReply } from './demo-replies.js'

/** The model and how the UI labels it. */
export interface StudioModel {
  /** The AI SDK model for `agent_prompt` steps and drafting. */
  model: LanguageModel
  /** Shown in the studio's header. */
  label: string
  /** True for the scripted demo model. */
  demo: boolean
}

/** Environment variables the studio reads for its model. */
export interface ModelEnv {
  OPENAI_API_KEY?: string
  OPENAI_BASE_URL?: string
  OPENAI_MODEL?: string
}

const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini'

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Delays each streamed text and reasoning piece by `delayMs`, and the first part by `firstMs`, like a provider. */
function paced(delayMs: number, firstMs: number): TransformStream<ScriptedStreamPart, ScriptedStreamPart> {
  let first = true
  return new TransformStream({
    async transform(part, controller) {
      if (first) {
        first = false
        await sleep(firstMs)
      } else if (part.type === 'text-delta' || part.type === 'reasoning-delta') {
        await sleep(delayMs)
      }
      controller.enqueue(part)
    },
  })
}

type DemoModel = Pick<ScriptedModel, 'specificationVersion' | 'provider' | 'modelId' | 'supportedUrls' | 'doGenerate' | 'doStream'>

/** The scripted demo model (offline), streaming a word every `delayMs`. */
export function demoModel(delayMs = 30): DemoModel {
  const inner = scriptedModel(studioReply, { whenDone: 'repeat', modelId: 'demo (scripted)', provider: 'stepwise-demo' })
  // A long-running studio keeps no call history.
  const forget = (): void => {
    inner.calls.length = 0
    inner.doGenerateCalls.length = 0
    inner.doStreamCalls.length = 0
  }
  return {
    specificationVersion: inner.specificationVersion,
    provider: inner.provider,
    modelId: inner.modelId,
    supportedUrls: {},
    doGenerate: async (options) => {
      const result = await inner.doGenerate(options)
      forget()
      return result
    },
    doStream: async (options) => {
      const result = await inner.doStream(options)
      forget()
      return { ...result, stream: result.stream.pipeThrough(paced(delayMs, delayMs * 4)) }
    },
  }
}

/** Picks the model from the environment (see the module description). */
export function resolveStudioModel(env: ModelEnv): StudioModel {
  const apiKey = env.OPENAI_API_KEY ?? ''
  if (apiKey === '') return { model: demoModel(), label: 'Demo model — scripted replies', demo: true }
  const baseURL = env.OPENAI_BASE_URL === undefined || env.OPENAI_BASE_URL === '' ? undefined : env.OPENAI_BASE_URL
  const id = env.OPENAI_MODEL === undefined || env.OPENAI_MODEL === '' ? DEFAULT_OPENAI_MODEL : env.OPENAI_MODEL
  const openai = createOpenAI({ apiKey, ...(baseURL === undefined ? {} : { baseURL }) })
  // Chat completions: the API every OpenAI-compatible server (vLLM, Ollama, LM Studio …) implements.
  return { model: openai.chat(id), label: `${id}${baseURL === undefined ? ' (OpenAI)' : ` at ${baseURL}`}`, demo: false }
}
