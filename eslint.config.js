import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/**', 'docs/api/**', 'node_modules/**', 'coverage/**', 'bench/results/**', 'examples/**/node_modules/**', 'examples/nextjs/.next/**', 'examples/nextjs/next-env.d.ts', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty-pattern': 'off',
    },
  },
  {
    // Imports point one way: language ← engine ← steps; the core never imports React.
    files: ['src/language/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/engine/**', '**/steps/**', '**/adapters/**'] }] },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/steps/*/executor*', '**/steps/*/index*', '**/create-engine*'] }] },
  },
)
