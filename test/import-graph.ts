/**
 * The run-time import graph of an entry: every file and package it pulls in (type-only imports
 * left out). Used by the tests that pin what each public entry may reach.
 */
import { readFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import ts from 'typescript'

const root = resolve(import.meta.dirname, '..')

/** Module specifiers a file imports at run time (type-only imports and exports left out). */
export function runtimeImports(file: string): string[] {
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
export function runtimeClosure(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>()
  const packages = new Set<string>()
  const visit = (file: string): void => {
    if (files.has(file)) return
    files.add(file)
    for (const specifier of runtimeImports(file)) {
      if (!specifier.startsWith('.')) {
        packages.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0])
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

