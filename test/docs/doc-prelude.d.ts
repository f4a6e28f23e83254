// Names the documentation's code fragments use without declaring them. Each fragment is compiled
// as its own module, so a fragment that declares one of these shadows it.
import type { Engine, ToolMap, Clock, WaitingFor } from '../../src/index.js'

declare global {
  const engine: Engine
  const tools: ToolMap
  const models: Record<string, unknown>
  const clock: Clock
  const executionId: string
  const lastSeenSeq: number
  const token: string
  const waitingFor: WaitingFor
  const user: { id: string }
  const issue: { id: string; title: string }
  const chat: { post(text: string): Promise<void> }
  function render(value: unknown): void
}
