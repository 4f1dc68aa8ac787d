import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

/**
 * The console is served by the API server at /admin (its CSP allows only files from there), so
 * the build must not rely on anything inline: no inlined assets (fonts as data: URLs would break
 * `font-src 'self'`), no module-preload polyfill script. `pnpm dev` proxies the API to the
 * server that `pnpm dev` at the root starts.
 */
export default defineConfig({
  base: '/admin/',
  plugins: [vue()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    // One chunk of about 710 kB holds Vue, zod and the Element Plus components in use
    // (src/element-plus.ts); splitting it by hand made Rollup keep all of Element Plus again.
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      // zod 4 places some /*@__PURE__*/ comments where Rollup cannot use them; it drops them and
      // says so on every build. Harmless, and not ours to fix.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/zod/'))
          return
        warn(warning)
      },
    },
  },
  server: {
    port: 5174,
    proxy: { '/api': 'http://127.0.0.1:3000', '/avatars': 'http://127.0.0.1:3000' },
  },
})
