/**
 * @module
 * `packageVersion`: the version in stepwise's package.json (found from the running file, in
 * `src/cli/` as in `dist/`).
 */
import { readFileSync } from 'node:fs'

/** The package version, or `unknown` when package.json cannot be found. */
export function packageVersion(): string {
  for (const up of ['../package.json', '../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version?: string }
      if (pkg.name === 'stepwise' && typeof pkg.version === 'string') return pkg.version
    } catch {
      // not there; look one folder up
    }
  }
  return 'unknown'
}
