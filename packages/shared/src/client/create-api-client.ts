import type { ReplyOf, RouteSpec } from '../api/route.js'
import { routes, type RouteName, type Routes } from '../api/routes/index.js'
import type { AdminUpdateUserRequest, UpdateMeRequest, WxLoginRequest } from '../dto/index.js'
import { isTerminalRefreshError } from '../errors.js'
import { ApiError, isApiError } from './api-error.js'
import type { AnyCallInput, CallArgs, CallInput } from './call-input.js'
import { settle } from './send.js'
import type { TokenStore, Tokens } from './token-store.js'
import type { Transport, UploadTransport } from './transport.js'
import { urlOf } from './url.js'

export interface ApiClientOptions {
  /** e.g. `https://api.example.com` (no trailing slash needed). */
  baseUrl: string
  request: Transport
  /** Needed only for multipart operations (`uploadAvatar`). */
  upload?: UploadTransport
  tokenStore: TokenStore
  /** Default `appId` for wx-login when several mini-programs share one server. */
  appId?: string
  /** Called once the refresh token is dead (invalid, reused, user disabled) and tokens are cleared. */
  onSessionEnded?: (reason: ApiError) => void
}

export type ApiClient = ReturnType<typeof createApiClient>

export function createApiClient(options: ApiClientOptions) {
  const { request, upload, tokenStore } = options
  const base = options.baseUrl.replace(/\/+$/, '')
  let refreshing: Promise<Tokens> | null = null

  const headers = (accessToken?: string): Record<string, string> =>
    accessToken
      ? { accept: 'application/json', authorization: `Bearer ${accessToken}` }
      : { accept: 'application/json' }

  /** One HTTP exchange for operation `name`, as the route table describes it. */
  function send<K extends RouteName>(
    name: K,
    input: AnyCallInput,
    accessToken?: string,
  ): Promise<ReplyOf<Routes[K]>> {
    const spec: RouteSpec = routes[name]
    const url = urlOf(base, spec.path, input.params, input.query)
    if (spec.bodyEncoding === 'multipart') {
      if (!upload) throw new Error(`createApiClient: pass \`upload\` to call ${name}`)
      const { file } = input.body as { file: unknown }
      return settle(upload({ url, headers: headers(accessToken), name: 'file', file }))
    }
    return settle(
      request({ method: spec.method, url, headers: headers(accessToken), body: input.body }),
    )
  }

  async function saveTokens(pair: Tokens): Promise<void> {
    await tokenStore.set({ accessToken: pair.accessToken, refreshToken: pair.refreshToken })
  }

  /**
   * Single-flight refresh: however many requests see AUTH_TOKEN_EXPIRED at once, one refresh
   * call is made and every caller waits for its result.
   */
  function refreshTokens(): Promise<Tokens> {
    refreshing ??= (async () => {
      const current = await tokenStore.get()
      if (!current) throw new ApiError('AUTH_REQUIRED', 401, 'Not signed in')
      try {
        const pair = await send('refresh', { body: { refreshToken: current.refreshToken } })
        await saveTokens(pair)
        return pair
      } catch (error) {
        // The stored tokens can never work again: forget them and tell the app once.
        if (isApiError(error) && isTerminalRefreshError(error.code)) {
          await tokenStore.set(null)
          options.onSessionEnded?.(error)
        }
        throw error
      }
    })().finally(() => {
      refreshing = null
    })
    return refreshing
  }

  /** Sends with the access token; on expiry refreshes (once, shared) and replays once. */
  async function authed<T>(sendWith: (accessToken: string) => Promise<T>): Promise<T> {
    const tokens = await tokenStore.get()
    if (!tokens) throw new ApiError('AUTH_REQUIRED', 401, 'Not signed in')
    try {
      return await sendWith(tokens.accessToken)
    } catch (error) {
      if (!isApiError(error) || error.code !== 'AUTH_TOKEN_EXPIRED') throw error
      // Another caller may have refreshed while this request was in flight.
      const latest = await tokenStore.get()
      const fresh =
        latest && latest.accessToken !== tokens.accessToken ? latest : await refreshTokens()
      return sendWith(fresh.accessToken)
    }
  }

  /** Calls any operation of the route table by its name, signed in where the route needs it. */
  function call<K extends RouteName>(
    name: K,
    ...[input]: CallArgs<K>
  ): Promise<ReplyOf<Routes[K]>> {
    const loose = (input ?? {}) as AnyCallInput
    const { auth } = routes[name] as RouteSpec
    return auth === 'bearer' || auth === 'admin'
      ? authed((token) => send(name, loose, token))
      : send(name, loose)
  }

  const byId = (id: string) => ({ params: { id } })

  return {
    call,
    async wxLogin(input: WxLoginRequest) {
      const body = options.appId && !input.appId ? { ...input, appId: options.appId } : input
      const res = await call('wxLogin', { body })
      await saveTokens(res)
      return res
    },
    refresh: refreshTokens,
    async logout(): Promise<void> {
      try {
        await call('logout')
      } finally {
        await tokenStore.set(null)
      }
    },
    async logoutAll(): Promise<void> {
      await call('logoutAll')
      await tokenStore.set(null)
    },
    /** Every session but this one (the tokens stay). */
    logoutOthers: () => call('logoutOthers'),
    me: () => call('getMe'),
    updateMe: (patch: UpdateMeRequest) => call('updateMe', { body: patch }),
    bindPhone: (code: string) => call('bindPhone', { body: { code } }),
    uploadAvatar: (file: unknown) => call('uploadAvatar', { body: { file } }),
    sessions: () => call('listMySessions'),
    /** Revoking the current session signs this client out on the server; its tokens are kept. */
    revokeSession: (id: string) => call('revokeMySession', byId(id)),
    acceptAgreement: (version: string) => call('acceptAgreement', { body: { version } }),
    /** `code` is a fresh `wx.login` code; on success the tokens are forgotten. */
    async deleteAccount(code: string): Promise<void> {
      await call('deleteMe', { body: { code } })
      await tokenStore.set(null)
    },
    admin: {
      listUsers: (query: CallInput<'listUsers'>['query'] = {}) => call('listUsers', { query }),
      getUser: (id: string) => call('getUser', byId(id)),
      updateUser: (id: string, patch: AdminUpdateUserRequest) =>
        call('updateUser', { ...byId(id), body: patch }),
      audit: (query: CallInput<'listAudit'>['query'] = {}) => call('listAudit', { query }),
      sessions: (userId: string) => call('adminListUserSessions', byId(userId)),
      revokeSession: (userId: string, sessionId: string) =>
        call('adminRevokeUserSession', { params: { id: userId, sid: sessionId } }),
    },
    health: () => call('healthz'),
  }
}
