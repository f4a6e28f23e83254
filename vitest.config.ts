import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}', 'examples/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', 'bench/peers/**'],
    testTimeout: 20000,
    pool: 'threads',
  },
})
