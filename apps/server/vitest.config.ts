import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'node_modules/.vitest-reports/server.json' }]],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Several suites start servers and databases: keep the 2-core machines responsive.
    maxWorkers: 2,
    // Starts the MongoDB-protocol server of the run (FerretDB here) and provides { uri, kind } as 'mongo'.
    globalSetup: ['test/mongo-global-setup.ts'],
  },
})
