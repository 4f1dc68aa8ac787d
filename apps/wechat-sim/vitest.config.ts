import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    reporters: [
      'default',
      ['json', { outputFile: 'node_modules/.vitest-reports/wechat-sim.json' }],
    ],
    testTimeout: 15_000,
  },
})
