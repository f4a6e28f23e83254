// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { runtimeClosure } from '../import-graph.js'

describe('stepwise/react import graph', () => {
  it('reaches only its own files, the error class, React and cronstrue — no engine, no Node built-ins, no React Flow', () => {
    const { files, packages } = runtimeClosure('src/react/index.ts')
    expect(files.length).toBeGreaterThan(15)
    expect(files.filter((file) => !(file.startsWith('src/react/') && !file.startsWith('src/react/flow/')) && file !== 'src/errors/stepwise-error.ts')).toEqual([])
    expect(packages).toEqual(['cronstrue', 'react'])
  })
})
