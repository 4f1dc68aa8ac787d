import uni from '@dcloudio/vite-plugin-uni'
import { defineConfig, loadEnv, type Plugin } from 'vite'
import { assertReleaseApiBases } from './scripts/release-api-check.mjs'

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

export default defineConfig(({ command, mode }) => {
  // `uni build -p mp-weixin` (mode "production") is what gets uploaded to WeChat: it must not
  // carry an empty or placeholder API base. Test builds use `--mode test` (package.json "build").
  if (command === 'build' && mode === 'production' && process.env.UNI_PLATFORM === 'mp-weixin')
    assertReleaseApiBases(loadEnv(mode, process.cwd(), 'VITE_'))
  return {
    plugins: [uni(), quietBuild()],
    server: {
      host: '127.0.0.1',
      // The simulator's control API sends no CORS headers: the H5 dev page reaches it same-origin.
      proxy: { '/__sim': { target: SIM_ORIGIN, changeOrigin: true } },
    },
  }
})
