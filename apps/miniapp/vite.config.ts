import uni from '@dcloudio/vite-plugin-uni'
import { defineConfig, type Plugin } from 'vite'

/** The WeChat simulator that `pnpm dev` starts beside the server (WECHAT_SIM_PORT, default 3100). */
const SIM_ORIGIN = process.env.WXLOGIN_SIM_ORIGIN ?? 'http://127.0.0.1:3100'

/**
 * Keeps the build's output to what concerns this project:
 * - zod's published files carry `@__PURE__` notes where Rollup cannot use them; Rollup drops
 *   them and says so, four paragraphs per build, about a file nobody here can change.
 * - uni-app's `uni:cloud` plugin ends every H5 build with an advertisement for DCloud's hosting
 *   (its `closeBundle` hook does nothing else).
 */
function quietBuild(): Plugin {
  return {
    name: 'wxlogin:quiet-build',
    enforce: 'post',
    configResolved(config) {
      const options = config.build.rollupOptions
      const onwarn = options.onwarn
      options.onwarn = (warning, warn) => {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/zod/'))
          return
        if (onwarn) onwarn(warning, warn)
        else warn(warning)
      }
      const cloud = config.plugins.find((plugin) => plugin.name === 'uni:cloud')
      if (cloud) delete (cloud as { closeBundle?: unknown }).closeBundle
    },
  }
}

export default defineConfig({
  plugins: [uni(), quietBuild()],
  server: {
    host: '127.0.0.1',
    // The simulator's control API sends no CORS headers: the H5 dev page reaches it same-origin.
    proxy: { '/__sim': { target: SIM_ORIGIN, changeOrigin: true } },
  },
})
