/**
 * @module
 * Bundles the studio's browser code (`client/main.tsx` and the CSS it imports) in memory with
 * esbuild's JS API: no build step, no files written.
 */
import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'

/** The bundle: one script and one stylesheet. */
export interface ClientBundle {
  js: Uint8Array
  css: Uint8Array
}

const ENTRY = fileURLToPath(new URL('./client/main.tsx', import.meta.url))
const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** Bundles the client for browsers (React in production mode, minified). */
export async function bundleClient(): Promise<ClientBundle> {
  const result = await build({
    entryPoints: { studio: ENTRY },
    absWorkingDir: ROOT,
    bundle: true,
    write: false,
    outdir: 'studio-bundle',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  })
  const file = (extension: string): Uint8Array => {
    const found = result.outputFiles.find((output) => output.path.endsWith(extension))
    if (found === undefined) throw new Error(`esbuild produced no ${extension} file`)
    return found.contents
  }
  return { js: file('.js'), css: file('.css') }
}
