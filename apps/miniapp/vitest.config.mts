import { fileURLToPath, URL } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { initPreContext, preHtml, preJs } from '@dcloudio/uni-cli-shared'
import { defineConfig, type Plugin } from 'vitest/config'

/** `mp-weixin` (default) or `h5`: which platform blocks the tests see, as `uni build -p` would. */
const PLATFORM = process.env.UNI_TEST_PLATFORM ?? 'mp-weixin'
const OTHER = PLATFORM === 'h5' ? 'mp' : 'h5'

const UNI_TAGS = new Set(['view', 'text', 'image', 'navigator', 'scroll-view', 'rich-text'])

/** uni's conditional compilation, which the uni() plugin would do (probe trap 5). */
function uniConditionalCompile(platform: string): Plugin {
  initPreContext(platform)
  return {
    name: 'test:uni-conditional-compile',
    enforce: 'pre',
    transform(code, id) {
      const file = id.split('?')[0] ?? id
      if (!file.includes('/src/') || !/\.(ts|vue)$/.test(file)) return null
      const html = file.endsWith('.vue') ? preHtml(code, file) : code
      return { code: preJs(html, file), map: null }
    },
  }
}

export default defineConfig({
  plugins: [
    uniConditionalCompile(PLATFORM),
    vue({ template: { compilerOptions: { isCustomElement: (tag) => UNI_TAGS.has(tag) } } }),
  ],
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      '@dcloudio/uni-app': fileURLToPath(new URL('./tests/mocks/uni-app.ts', import.meta.url)),
    },
  },
  test: {
    name: PLATFORM,
    // The JSON report feeds the test command's closing count (scripts/run.mjs).
    reporters: [
      'default',
      ['json', { outputFile: `node_modules/.vitest-reports/${PLATFORM}.json` }],
    ],
    environment: 'happy-dom',
    globals: true,
    setupFiles: ['./tests/setup.ts'],
    include: ['tests/**/*.test.ts'],
    // Platform-only tests are named *.mp.test.ts / *.h5.test.ts and run with their platform.
    exclude: [`tests/**/*.${OTHER}.test.ts`],
  },
})
