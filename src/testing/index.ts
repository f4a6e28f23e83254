/**
 * `stepwise/testing`: tools for testing workflows and adapters.
 *
 * @packageDocumentation
 */
export { createTestClock } from './test-clock.js'
export type { TestClock } from './test-clock.js'
