// @vitest-environment jsdom
import { existsSync, readFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')

/** Files and packages `src/react/index.ts` reaches through imports that survive compilation (not `import type`). */
function runtimeGraph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>()
  const packages = new Set<string>()
  const visit = (file: string): void => {
    if (files.has(file)) return
    files.add(file)
    const text = readFileSync(file, 'utf8')
    for (const match of text.matchAll(/^(?:import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm)) {
      if (match[1] !== undefined) continue
      const spec = match[2] ?? match[3]
      if (spec.startsWith('.')) {
        const base = resolve(dirname(file), spec.replace(/\.js$/, ''))
        visit([`${base}.ts`, `${base}.tsx`].find((candidate) => existsSync(candidate)) ?? `${base}.ts`)
      } else packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0])
    }
  }
  visit(resolve(root, entry))
  return { files: [...files].map((file) => relative(root, file)).sort(), packages: [...packages].sort() }
}

describe('stepwise/react import graph', () => {
  it('reaches only its own files, the error class, React and cronstrue — no engine, no Node built-ins, no React Flow', () => {
    const { files, packages } = runtimeGraph('src/react/index.ts')
    expect(files.length).toBeGreaterThan(15)
    expect(files.filter((file) => !(file.startsWith('src/react/') && !file.startsWith('src/react/flow/')) && file !== 'src/errors/stepwise-error.ts')).toEqual([])
    expect(packages).toEqual(['cronstrue', 'react'])
  })
})
