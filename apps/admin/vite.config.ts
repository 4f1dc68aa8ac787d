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
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5174,
    proxy: { '/api': 'http://127.0.0.1:3000', '/avatars': 'http://127.0.0.1:3000' },
  },
})
