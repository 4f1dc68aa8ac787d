import { defineConfig } from 'vitest/config'

const NODE_MAJOR = process.versions.node.split('.')[0]

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // One report per Node major: the test command runs this suite on Node 24 and on Node 22, and
    // its closing count adds the reports of the run up (scripts/run.mjs).
    reporters: [
      'default',
      ['json', { outputFile: `node_modules/.vitest-reports/server-node${NODE_MAJOR}.json` }],
    ],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Several suites start servers and databases: keep the 2-core machines responsive.
    maxWorkers: 2,
    // Starts the MongoDB-protocol server of the run (FerretDB here) and provides { uri, kind } as 'mongo'.
    globalSetup: ['test/mongo-global-setup.ts'],
  },
})
