import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vitest/config'

// Runs the BUILT mp-weixin bundle (dist/build/mp-weixin) in Node with miniprogram-simulate and
// WeChat's own wcc compiler, against the real server. No uni/vue plugins: nothing is compiled here.
export default defineConfig({
  // Only for the pure helpers the checks share with the app (version compare, constants).
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  test: {
    name: 'mp-bundle',
    reporters: ['default', ['json', { outputFile: 'node_modules/.vitest-reports/mp-bundle.json' }]],
    environment: 'happy-dom',
    include: ['tests-mp/**/*.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    // One file at a time: each boots a server, and the machine has 2 shared cores.
    fileParallelism: false,
  },
})
