/**
 * @module
 * `scriptedModel` for unit tests of workflows (the implementation lives with the other AI SDK
 * code in `src/adapters/model/`).
 */
export { scriptedModel } from '../adapters/model/scripted-model.js'
export type {
  ScriptedModel,
  ScriptedModelOptions,
  ScriptedReply,
  ScriptedText,
  ScriptedJson,
  ScriptedToolCalls,
  ScriptedMessage,
  ScriptedHttpError,
  ScriptedFailure,
  ScriptedEmpty,
  ScriptedHang,
  ScriptedParts,
  ScriptedStep,
  ScriptedCall,
  ScriptedToolCall,
  ScriptedUsage,
  ScriptedError,
  ScriptedStreamPart,
} from '../adapters/model/scripted-model.js'
