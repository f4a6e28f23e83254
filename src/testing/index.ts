/**
 * `stepwise/testing`: tools for testing workflows and adapters.
 *
 * @packageDocumentation
 */
export { createTestClock } from './test-clock.js'
export type { TestClock } from './test-clock.js'
export { scriptedModel } from './scripted-model.js'
export type { ScriptedModel, ScriptedModelOptions, ScriptedReply, ScriptedStep, ScriptedCall, ScriptedToolCall, ScriptedUsage, ScriptedError, ScriptedStreamPart } from './scripted-model.js'
export { describeStorageConformance } from './storage-conformance.js'
export type { StorageConformanceOptions, ConformanceContext } from './storage-conformance.js'
