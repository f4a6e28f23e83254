/**
 * @module
 * The steps the diagram editor inserts: one valid minimal step per built-in type.
 */
import type { StepBase } from '../../language/workflow-types.js'

/** Built-in step types the editor can insert, in menu order. */
export const INSERTABLE_STEP_TYPES: readonly string[] = ['agent_prompt', 'tool', 'notify', 'bash', 'conditional', 'loop', 'parallel', 'approval', 'wait', 'set', 'end']

/**
 * A new, valid step of a built-in type with placeholder content the user then edits, or
 * `undefined` for other types. `newId` gives a fresh unique id per call (containers get
 * children: a loop needs a body, a parallel step a branch).
 */
export function createStepTemplate(type: string, newId: (type: string) => string): StepBase | undefined {
  switch (type) {
    case 'agent_prompt':
      return { id: newId(type), type, prompt: 'Describe what the agent should do.' } as StepBase
    case 'tool':
      return { id: newId(type), type, tool: 'tool_name', arguments: {} } as StepBase
    case 'notify':
      return { id: newId(type), type, content: 'Message' } as StepBase
    case 'bash':
      return { id: newId(type), type, command: 'echo "hello"' } as StepBase
    case 'conditional':
      return { id: newId(type), type, condition: 'true', then: [], else: [] } as StepBase
    case 'loop':
      return { id: newId(type), type, over: '[1, 2, 3]', steps: [{ id: newId('set'), type: 'set', values: { item: 'item' } }] } as StepBase
    case 'parallel':
      return { id: newId(type), type, branches: [[{ id: newId('set'), type: 'set', values: { branch: '1' } }]] } as StepBase
    case 'approval':
      return { id: newId(type), type, prompt: 'Approve?' } as StepBase
    case 'wait':
      return { id: newId(type), type, durationMs: 60_000 } as StepBase
    case 'set':
      return { id: newId(type), type, values: { value: '"text"' } } as StepBase
    case 'end':
      return { id: newId(type), type } as StepBase
    default:
      return undefined
  }
}
