import Router from '@koa/router'
import { createWxlogin, type WxloginOptions } from '@wxlogin/server'
import { createVerifier } from '@wxlogin/verify'
import { requireUser, type UserState } from '@wxlogin/verify/koa'
import Koa from 'koa'
import mount from 'koa-mount'

export interface HostOptions {
  /** wxlogin's settings (the README's Configuration table); PUBLIC_URL, if set, ends in /auth. */
  wxlogin: Omit<WxloginOptions, 'config'>
  /** Where this app's own JWKS is reachable, e.g. https://shop.example.com/auth/.well-known/jwks.json. */
  jwksUrl: string
  issuer?: string
  audience?: string
}

/**
 * Your existing Koa app, with sign-in mounted at /auth and its own API protected by wxlogin's
 * tokens: the mini-program signs in at POST /auth/api/auth/wx-login and calls GET /orders with
 * the access token. /orders verifies tokens the way any other service would, from the JWKS, so
 * it could move to another process unchanged.
 */
export async function createHostApp(options: HostOptions) {
  const wxlogin = await createWxlogin(options.wxlogin)
  const verifier = createVerifier({
    jwksUrl: options.jwksUrl,
    issuer: options.issuer ?? wxlogin.config.jwt.issuer,
    audience: options.audience ?? wxlogin.config.jwt.audience,
  })

  const orders = new Map<string, { id: string; item: string }[]>()
  const router = new Router<UserState>()
  router.get('/orders', requireUser(verifier), (ctx) => {
    ctx.body = { owner: ctx.state.user.sub, orders: orders.get(ctx.state.user.sub) ?? [] }
  })

  const app = new Koa()
  app.use(mount('/auth', wxlogin.app))
  app.use(router.routes())
  return { app, wxlogin, close: () => wxlogin.close() }
}
