import uni from '@dcloudio/vite-plugin-uni'
import { defineConfig, loadEnv } from 'vite'
import { assertReleaseApiBases } from './scripts/release-api-check.mjs'

/** The WeChat simulator that `pnpm dev` starts beside the server (WECHAT_SIM_PORT, default 3100). */
const SIM_ORIGIN = process.env.WXLOGIN_SIM_ORIGIN ?? 'http://127.0.0.1:3100'

export default defineConfig(({ command, mode }) => {
  // `uni build -p mp-weixin` (mode "production") is what gets uploaded to WeChat: it must not
  // carry an empty or placeholder API base. Test builds use `--mode test` (package.json "build").
  if (command === 'build' && mode === 'production' && process.env.UNI_PLATFORM === 'mp-weixin')
    assertReleaseApiBases(loadEnv(mode, process.cwd(), 'VITE_'))
  return {
    plugins: [uni()],
    server: {
      host: '127.0.0.1',
      // The simulator's control API sends no CORS headers: the H5 dev page reaches it same-origin.
      proxy: { '/__sim': { target: SIM_ORIGIN, changeOrigin: true } },
    },
  }
})
