/**
 * @module
 * Shared fixtures for the expression tests (not part of the public API).
 */
import type { EvaluationOptions, ExpressionContext } from './expression-types.js'

/** Evaluation options used by tests: fixed clock, 100 ms budget. */
export const TEST_OPTIONS: EvaluationOptions = { now: Date.UTC(2026, 0, 2, 3, 4, 5), timeoutMs: 100, maxDepth: 300, maxSequence: 100_000 }

/** Builds an expression context with defaults for the roots not given. */
export function testContext(partial: Partial<ExpressionContext> = {}): ExpressionContext {
  return {
    variables: {},
    outputs: {},
    steps: {},
    execution: { id: 'exec-1', workflowId: 'wf-1', startedAt: '2026-01-02T03:04:05.000Z' },
    ...partial,
  }
}
