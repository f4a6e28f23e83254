import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const out = join(root, '.tmp', 'doc-examples')

/** Every ```ts block of the README and the guides in docs/ (not the generated API reference). */
function collectBlocks(): { name: string; code: string }[] {
  const files = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)]
  const blocks: { name: string; code: string }[] = []
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8')
    const pattern = /```(ts|tsx|typescript)\n([\s\S]*?)```/g
    let match: RegExpExecArray | null
    let n = 0
    while ((match = pattern.exec(text)) !== null) {
      n += 1
      blocks.push({ name: `${file.replace(/[/.]/g, '_')}_${n}.${match[1] === 'tsx' ? 'tsx' : 'ts'}`, code: match[2] })
    }
  }
  return blocks
}

describe('documentation examples', () => {
  it('every TypeScript block in README.md and docs/*.md type-checks against the public API', () => {
    const blocks = collectBlocks()
    expect(blocks.length).toBeGreaterThan(5)
    rmSync(out, { recursive: true, force: true })
    mkdirSync(out, { recursive: true })
    const files = blocks.map((block) => {
      const path = join(out, block.name)
      // `export {}` makes each block a module (top-level await allowed, own scope).
      writeFileSync(path, `${block.code}\nexport {}\n`)
      return path
    })
    const program = ts.createProgram([...files, join(root, 'test/docs/doc-prelude.d.ts')], {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      esModuleInterop: true,
      jsx: ts.JsxEmit.ReactJSX,
      types: ['node'],
      baseUrl: root,
      paths: {
        stepwise: ['src/index.ts'],
        'stepwise/*': ['src/*.ts', 'src/*/index.ts'],
      },
    })
    const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file === undefined || d.file.fileName.startsWith(out))
    const messages = diagnostics.map((d) => {
      const where = d.file === undefined ? '' : `${d.file.fileName.slice(out.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1} `
      return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
    })
    expect(messages).toEqual([])
  }, 120_000)
})
