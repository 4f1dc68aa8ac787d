import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Several suites start servers and databases: keep the 2-core machines responsive.
    maxWorkers: 2,
  },
})
