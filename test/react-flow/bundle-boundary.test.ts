import { describe, expect, it } from 'vitest'
import { runtimeClosure } from '../import-graph.js'

describe('stepwise/react/flow bundle boundary', () => {
  it('pulls in only the diagram, the step diagram metadata, one status helper of stepwise/react and the UI libraries: no engine, validator or zod', () => {
    const { files, packages } = runtimeClosure('src/react/flow/index.ts')
    expect(packages).toEqual(['@dagrejs/dagre', '@xyflow/react', 'react'])
    const outside = files.filter((file) => !file.startsWith('src/react/flow/'))
    expect(outside).toEqual([
      'src/language/summary-text.ts',
      'src/react/step-instance.ts',
      'src/steps/agent-prompt/diagram.ts',
      'src/steps/approval/diagram.ts',
      'src/steps/bash/diagram.ts',
      'src/steps/conditional/diagram.ts',
      'src/steps/diagram-registry.ts',
      'src/steps/end/diagram.ts',
      'src/steps/loop/diagram.ts',
      'src/steps/notify/diagram.ts',
      'src/steps/parallel/diagram.ts',
      'src/steps/set/diagram.ts',
      'src/steps/tool/diagram.ts',
      'src/steps/wait/diagram.ts',
    ])
  })
})
