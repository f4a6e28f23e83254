import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { entries } from '../tsup.config.js'
import { runtimeClosure } from './import-graph.js'

const root = resolve(import.meta.dirname, '..')
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { exports: Record<string, string | { types: string; import: string }> }

describe('package exports', () => {
  it('every subpath export has a tsup entry and every tsup entry is exported', () => {
    const exported = Object.entries(pkg.exports)
      .filter(([key]) => key !== './package.json')
      .map(([key, value]) => {
        const target = typeof value === 'string' ? value : value.import
        return [key, target.replace(/^\.\/dist\//, '').replace(/\.js$/, '')] as const
      })
    const fromExports = exported.map(([, entry]) => entry).sort()
    expect(fromExports).toEqual(Object.keys(entries).sort())
    for (const [, value] of Object.entries(pkg.exports)) {
      if (typeof value === 'string') continue
      expect(value.types).toBe(value.import.replace(/\.js$/, '.d.ts'))
    }
  })

  it('nothing the core entry reaches imports React, database drivers or test runners', () => {
    const { files, packages } = runtimeClosure('src/index.ts')
    expect(files.length).toBeGreaterThan(30)
    const forbidden = ['react', 'react-dom', '@xyflow/react', 'better-sqlite3', 'pg', 'vitest', '@modelcontextprotocol/sdk']
    expect(packages.filter((name) => forbidden.includes(name))).toEqual([])
  })
})
