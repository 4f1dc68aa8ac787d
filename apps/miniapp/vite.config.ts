import uni from '@dcloudio/vite-plugin-uni'
import { defineConfig } from 'vite'

/** The WeChat simulator that `pnpm dev` starts beside the server (WECHAT_SIM_PORT, default 3100). */
const SIM_ORIGIN = process.env.WXLOGIN_SIM_ORIGIN ?? 'http://127.0.0.1:3100'

export default defineConfig({
  plugins: [uni()],
  server: {
    host: '127.0.0.1',
    // The simulator's control API sends no CORS headers: the H5 dev page reaches it same-origin.
    proxy: { '/__sim': { target: SIM_ORIGIN, changeOrigin: true } },
  },
})
