/**
 * `stepwise/testing`: tools for testing workflows and adapters.
 *
 * @packageDocumentation
 */
export { createTestClock } from './test-clock.js'
export type { TestClock } from './test-clock.js'
export { scriptedModel } from './scripted-model.js'
export type {
  ScriptedModel,
  ScriptedModelOptions,
  ScriptedReply,
  ScriptedText,
  ScriptedJson,
  ScriptedToolCalls,
  ScriptedStep,
  ScriptedCall,
  ScriptedMessage,
  ScriptedToolCall,
  ScriptedUsage,
  ScriptedError,
  ScriptedHttpError,
  ScriptedFailure,
  ScriptedEmpty,
  ScriptedHang,
  ScriptedParts,
  ScriptedStreamPart,
} from './scripted-model.js'
export { describeStorageConformance } from './storage-conformance.js'
export type { StorageConformanceOptions, ConformanceContext } from './storage-conformance.js'
export { describeTriggerStorageConformance } from './conformance/triggers.js'
export type { TriggerStorageConformanceOptions } from './conformance/triggers.js'
