import { resolve } from 'node:path'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')

describe('createClient in a browser bundle', () => {
  it('importing it from stepwise/http keeps only the client and the error class: no engine, zod or Node built-ins', async () => {
    const result = await build({
      stdin: { contents: "export { createClient } from './src/http/index.ts'", resolveDir: root, loader: 'ts' },
      bundle: true,
      write: false,
      platform: 'browser', // a Node built-in anywhere in the graph fails the build
      format: 'esm',
      minify: true,
      metafile: true,
      logLevel: 'silent',
    })
    const output = Object.values(result.metafile.outputs)[0]
    const kept = Object.entries(output.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([file]) => file)
    expect(kept.filter((file) => !file.startsWith('src/http/') && file !== 'src/errors/stepwise-error.ts')).toEqual([])
    expect(kept).toContain('src/http/subscribe-events.ts')
    expect(output.bytes).toBeLessThan(16 * 1024)
  })
})
