import { createHostApp } from './host-app.js'

// An example, so it reads its settings here; wxlogin itself takes them as `env`. Without
// WX_APP_SECRET, wxlogin runs the built-in WeChat simulator (development only).
const port = Number(process.env.PORT ?? 4000)
const base = `http://127.0.0.1:${port}`
const host = await createHostApp({
  wxlogin: { env: { JWT_ALG: 'ES256', DATA_DIR: './.data', ...process.env } },
  jwksUrl: `${base}/auth/.well-known/jwks.json`,
})
const server = host.app.listen(port, '127.0.0.1', () => {
  host.wxlogin.logger.info(
    `shop on ${base}: sign in at ${base}/auth/api/auth/wx-login, then GET ${base}/orders`,
  )
})
process.once('SIGINT', () => server.close(() => void host.close()))
