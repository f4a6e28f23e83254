import { createEngine, createWorkflowTools, memoryStorage, type CreateWorkflowToolsOptions, type Engine, type EngineOptions, type ToolCallContext, type ToolMap, type WorkflowToolName, type WorkflowToolResult, type WorkflowTools } from '../../src/index.js'
import { createTestClock, type TestClock } from '../../src/testing/index.js'

/**
 * An engine on memory storage whose tool map also holds the management tools of its default
 * tenant (created after the engine, into the same map the engine reads).
 */
export function managedEngine(options: EngineOptions = {}, toolOptions: Partial<CreateWorkflowToolsOptions> = {}): { engine: Engine; clock: TestClock; tools: WorkflowTools } {
  const clock = (options.clock as TestClock | undefined) ?? createTestClock('2026-01-01T00:00:00.000Z')
  const toolMap: ToolMap = { ...(options.tools ?? {}) }
  const engine = createEngine({ storage: memoryStorage(), ...options, tools: toolMap, clock })
  const tools = createWorkflowTools(engine, { actor: 'user:ann', ...toolOptions })
  Object.assign(toolMap, tools)
  return { engine, clock, tools }
}

/** Calls one management tool's `execute` as the AI SDK would (with an engine context when given). */
export async function callTool(tools: WorkflowTools, name: WorkflowToolName, input: unknown, context?: ToolCallContext): Promise<WorkflowToolResult> {
  const execute = tools[name].execute as unknown as (input: unknown, options: { toolCallId: string; messages: []; experimental_context?: unknown }) => Promise<WorkflowToolResult>
  return execute(input, { toolCallId: 'call-1', messages: [], ...(context === undefined ? {} : { experimental_context: context }) })
}

/** The result's fields when it succeeded; fails the test with the error otherwise. */
export function okResult(result: WorkflowToolResult): Record<string, unknown> {
  if (result.ok) return result
  throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`)
}

/** The error code of a failed result (or `ok` when it succeeded). */
export function codeOf(result: WorkflowToolResult): string {
  return result.ok ? 'ok' : result.error.code
}

/** A small valid workflow. */
export function sampleWorkflow(id = 'report', n = 1, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, name: `Workflow ${id}`, constraints: { allowSelfModification: true }, steps: [{ id: 'count', type: 'set', values: { n } }], ...extra }
}

/** A workflow that waits for an approval. */
export function approvalWorkflow(id = 'gated'): Record<string, unknown> {
  return { id, steps: [{ id: 'gate', type: 'approval', prompt: 'Ship it?' }, { id: 'after', type: 'set', values: { shipped: true } }] }
}
