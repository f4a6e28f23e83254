import type { StepRecord, StepStatus } from '../../src/engine/records.js'
import type { Workflow } from '../../src/steps/step.js'

/** Every construct at once: conditional, parallel, loop with a nested conditional, end. */
export const everything: Workflow = {
  id: 'everything',
  steps: [
    { id: 'plan', type: 'agent_prompt', prompt: 'Plan the work' },
    {
      id: 'check',
      type: 'conditional',
      condition: 'outputs.plan.response = "go"',
      then: [{ id: 'notify_go', type: 'notify', content: 'Going' }],
      else: [{ id: 'stop', type: 'end', status: 'failed', error: 'No go' }],
    },
    {
      id: 'fan',
      type: 'parallel',
      branches: [
        [{ id: 'left', type: 'tool', tool: 'search' }],
        [
          { id: 'right1', type: 'bash', command: 'ls' },
          { id: 'right2', type: 'set', values: { done: 'true' } },
        ],
      ],
    },
    {
      id: 'each',
      type: 'loop',
      over: '[1, 2, 3]',
      steps: [
        { id: 'work', type: 'agent_prompt', prompt: 'Work on {{ item }}' },
        { id: 'gate', type: 'conditional', condition: 'item > 1', then: [{ id: 'ask', type: 'approval', prompt: 'OK?' }] },
      ],
    },
    { id: 'pause', type: 'wait', durationMs: 90_000 },
  ],
}

/** A step record with defaults. */
export function record(stepId: string, status: StepStatus, iterationPath = '', attempt = 1): StepRecord {
  return { executionId: 'ex1', stepId, stepType: 'x', iterationPath, attempt, status, startedAt: '2026-01-01T00:00:00.000Z' }
}
