import { readFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')

/** Module specifiers a file imports at run time (type-only imports and exports left out). */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
  const specifiers: string[] = []
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && statement.importClause?.isTypeOnly !== true) {
      const bindings = statement.importClause?.namedBindings
      const onlyTypes = bindings !== undefined && ts.isNamedImports(bindings) && statement.importClause?.name === undefined && bindings.elements.length > 0 && bindings.elements.every((element) => element.isTypeOnly)
      if (!onlyTypes) specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text)
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.moduleSpecifier !== undefined) {
      specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text)
    }
  }
  return specifiers
}

/** Every file and package `entry` pulls in at run time. */
function runtimeClosure(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>()
  const packages = new Set<string>()
  const visit = (file: string): void => {
    if (files.has(file)) return
    files.add(file)
    for (const specifier of runtimeImports(file)) {
      if (!specifier.startsWith('.')) {
        packages.add(specifier)
        continue
      }
      const base = resolve(dirname(file), specifier).replace(/\.js$/, '')
      const candidates = [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`]
      const found = candidates.find((candidate) => ts.sys.fileExists(candidate))
      if (found === undefined) throw new Error(`${file}: cannot resolve ${specifier}`)
      visit(found)
    }
  }
  visit(resolve(root, entry))
  return { files: [...files].map((file) => relative(root, file)).sort(), packages: [...packages].sort() }
}

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
