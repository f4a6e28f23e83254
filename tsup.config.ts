import { defineConfig } from 'tsup'

/** One entry per subpath export of package.json (checked by test/package-exports.test.ts). */
export const entries = {
  index: 'src/index.ts',
  sqlite: 'src/sqlite.ts',
  postgres: 'src/postgres.ts',
  'testing/index': 'src/testing/index.ts',
  'http/index': 'src/http/index.ts',
  'react/index': 'src/react/index.ts',
  'react/flow/index': 'src/react/flow/index.ts',
}

export default defineConfig({
  // The CLI (package.json `bin`, not an export); its shebang is the first line of src/cli/main.ts.
  entry: { ...entries, cli: 'src/cli/main.ts' },
  format: ['esm'],
  dts: { entry: entries },
  clean: true,
  sourcemap: true,
  target: 'node20',
  splitting: true,
  treeshake: true,
  external: ['better-sqlite3', 'pg', 'vitest', 'react', 'react-dom', 'react/jsx-runtime', '@xyflow/react', '@dagrejs/dagre', 'cronstrue', /^@modelcontextprotocol\/sdk/],
})
