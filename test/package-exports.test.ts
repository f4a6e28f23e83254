import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { entries } from '../tsup.config.js'

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
    const seen = new Set<string>()
    const external = new Set<string>()
    const visit = (file: string): void => {
      if (seen.has(file)) return
      seen.add(file)
      const text = readFileSync(file, 'utf8')
      for (const match of text.matchAll(/^(?:import|export)[^'"]*?from '([^']+)'/gm)) {
        const spec = match[1]
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')))
        else if (!/^import type|^export type/.test(match[0])) external.add(spec.split('/')[0].startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0])
      }
    }
    visit(resolve(root, 'src/index.ts'))
    expect(seen.size).toBeGreaterThan(30)
    const forbidden = ['react', 'react-dom', '@xyflow/react', 'better-sqlite3', 'pg', 'vitest', '@modelcontextprotocol/sdk']
    expect([...external].filter((name) => forbidden.includes(name))).toEqual([])
  })
})
