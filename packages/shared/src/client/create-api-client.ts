import type {
  AdminUpdateUserRequest,
  AdminUser,
  AdminUserList,
  AdminUsersQuery,
  AuditList,
  AuditQuery,
  AvatarResponse,
  HealthResponse,
  RefreshResponse,
  UpdateMeRequest,
  User,
  WxLoginRequest,
  WxLoginResponse,
} from '../dto/index.js'
import { ApiError, isApiError } from './api-error.js'
import { settle } from './send.js'
import type { TokenStore, Tokens } from './token-store.js'
import type { Transport, TransportRequest, UploadTransport } from './transport.js'

export interface ApiClientOptions {
  /** e.g. `https://api.example.com` (no trailing slash needed). */
  baseUrl: string
  request: Transport
  /** Needed only for `uploadAvatar`. */
  upload?: UploadTransport
  tokenStore: TokenStore
  /** Default `appId` for wx-login when several mini-programs share one server. */
  appId?: string
  /** Called once the refresh token is dead (invalid, reused, user disabled) and tokens are cleared. */
  onSessionEnded?: (reason: ApiError) => void
}

type Query = Record<string, string | number | undefined>

/** Refresh failures after which the stored tokens can never work again. */
const TERMINAL_REFRESH_ERRORS = new Set([
  'REFRESH_TOKEN_INVALID',
  'REFRESH_TOKEN_REUSED',
  'USER_DISABLED',
])

export type ApiClient = ReturnType<typeof createApiClient>

export function createApiClient(options: ApiClientOptions) {
  const { request, upload, tokenStore } = options
  const base = options.baseUrl.replace(/\/+$/, '')
  let refreshing: Promise<Tokens> | null = null

  const url = (path: string, query?: Query): string => {
    // Built by hand: WeChat's mini-program runtime has no URL / URLSearchParams.
    const qs = Object.entries(query ?? {})
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&')
    return `${base}${path}${qs ? `?${qs}` : ''}`
  }

  const headers = (accessToken?: string): Record<string, string> =>
    accessToken
      ? { accept: 'application/json', authorization: `Bearer ${accessToken}` }
      : { accept: 'application/json' }

  const anonymous = <T>(req: Omit<TransportRequest, 'headers'>): Promise<T> =>
    settle<T>(request({ ...req, headers: headers() }))

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
        const pair = await anonymous<RefreshResponse>({
          method: 'POST',
          url: url('/api/auth/refresh'),
          body: { refreshToken: current.refreshToken },
        })
        await saveTokens(pair)
        return pair
      } catch (error) {
        if (isApiError(error) && TERMINAL_REFRESH_ERRORS.has(error.code)) {
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
  async function authed<T>(send: (accessToken: string) => Promise<T>): Promise<T> {
    const tokens = await tokenStore.get()
    if (!tokens) throw new ApiError('AUTH_REQUIRED', 401, 'Not signed in')
    try {
      return await send(tokens.accessToken)
    } catch (error) {
      if (!isApiError(error) || error.code !== 'AUTH_TOKEN_EXPIRED') throw error
      // Another caller may have refreshed while this request was in flight.
      const latest = await tokenStore.get()
      const fresh =
        latest && latest.accessToken !== tokens.accessToken ? latest : await refreshTokens()
      return send(fresh.accessToken)
    }
  }

  const json = <T>(
    method: TransportRequest['method'],
    path: string,
    body?: unknown,
    query?: Query,
  ) =>
    authed((token) =>
      settle<T>(request({ method, url: url(path, query), headers: headers(token), body })),
    )

  return {
    async wxLogin(input: WxLoginRequest): Promise<WxLoginResponse> {
      const body = options.appId && !input.appId ? { ...input, appId: options.appId } : input
      const res = await anonymous<WxLoginResponse>({
        method: 'POST',
        url: url('/api/auth/wx-login'),
        body,
      })
      await saveTokens(res)
      return res
    },
    refresh: refreshTokens,
    async logout(): Promise<void> {
      try {
        await json<undefined>('POST', '/api/auth/logout')
      } finally {
        await tokenStore.set(null)
      }
    },
    async logoutAll(): Promise<void> {
      await json<undefined>('POST', '/api/auth/logout-all')
      await tokenStore.set(null)
    },
    me: () => json<User>('GET', '/api/me'),
    updateMe: (patch: UpdateMeRequest) => json<User>('PATCH', '/api/me', patch),
    bindPhone: (code: string) => json<User>('POST', '/api/me/phone', { code }),
    uploadAvatar(file: unknown): Promise<AvatarResponse> {
      if (!upload) throw new Error('createApiClient: pass `upload` to use uploadAvatar')
      return authed((token) =>
        settle<AvatarResponse>(
          upload({ url: url('/api/me/avatar'), headers: headers(token), name: 'file', file }),
        ),
      )
    },
    admin: {
      listUsers: (query: Partial<AdminUsersQuery> = {}) =>
        json<AdminUserList>('GET', '/api/admin/users', undefined, query),
      getUser: (id: string) => json<AdminUser>('GET', `/api/admin/users/${encodeURIComponent(id)}`),
      updateUser: (id: string, patch: AdminUpdateUserRequest) =>
        json<AdminUser>('PATCH', `/api/admin/users/${encodeURIComponent(id)}`, patch),
      audit: (query: Partial<AuditQuery> = {}) =>
        json<AuditList>('GET', '/api/admin/audit', undefined, query),
    },
    health: () => anonymous<HealthResponse>({ method: 'GET', url: url('/healthz') }),
  }
}
