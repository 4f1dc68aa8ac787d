import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The JSON report feeds the test command's closing count (scripts/run.mjs).
    reporters: ['default', ['json', { outputFile: 'node_modules/.vitest-reports/koa-embed.json' }]],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
