import { vi } from 'vitest'

/** One request as the fake server saw it (after uni's success/fail split). */
export interface SeenRequest {
  method: string
  path: string
  header: Record<string, string>
  data: unknown
}

interface Reply {
  statusCode: number
  data: unknown
  header?: Record<string, string>
}

const errorReply = (
  statusCode: number,
  code: string,
  header?: Record<string, string>,
  details?: Record<string, unknown>,
): Reply => ({
  statusCode,
  data: { error: { code, message: code, requestId: 'req-test', ...(details && { details }) } },
  header,
})

const NOW = '2026-01-01T00:00:00.000Z'

const baseUser = {
  id: 'u1',
  nickname: null as string | null,
  avatarUrl: null as string | null,
  avatarReview: null as 'pending' | 'approved' | 'rejected' | null,
  gender: 0,
  language: null,
  city: null,
  province: null,
  country: null,
  birthday: null,
  bio: null,
  phone: null as string | null,
  roles: ['user'],
  status: 'active',
  createdAt: '2026-01-01T00:00:00.000Z',
  lastLoginAt: '2026-01-01T00:00:00.000Z',
  agreement: null as { version: string; acceptedAt: string } | null,
}

/**
 * A small in-memory wxlogin server behind the mocked `uni.request`/`uni.uploadFile`. Access
 * tokens are `a<n>`, refresh tokens `r<n>`; only the latest pair is valid.
 */
export function createFakeApi() {
  let n = 0
  let validAccess: string | null = null
  let validRefresh: string | null = null
  /** What a refresh with a dead refresh token answers (the server's reason). */
  let deadRefreshCode = 'REFRESH_TOKEN_INVALID'
  /** The access token of a revoked session: refused as AUTH_TOKEN_INVALID, not as expired. */
  let revoked: string | null = null
  const user = { ...baseUser, nickname: '小明' as string | null }
  const seen: SeenRequest[] = []
  const faults = new Map<string, Reply[]>()
  /** Settings a test may change: a first login, the server's AGREEMENT_VERSION. */
  const options = { newUser: false, agreementVersion: '1' }
  const session = (id: string, current: boolean, label: string) => ({
    id,
    current,
    appId: 'wx0000000000000000',
    createdAt: NOW,
    lastUsedAt: NOW,
    userAgent: null,
    ip: '203.0.113.*',
    device: { label, model: null, os: null, wechatVersion: null },
  })
  const sessions = [
    session('s-this', true, 'iPhone · iOS 17.0 · 微信 8.0.47'),
    session('s-other', false, 'vivo V2055A · Android 13 · 微信 8.0.42'),
  ]
  let offline = false

  const issue = () => {
    n += 1
    validAccess = `a${n}`
    validRefresh = `r${n}`
    return {
      accessToken: validAccess,
      refreshToken: validRefresh,
      tokenType: 'Bearer',
      expiresIn: 7200,
      refreshExpiresIn: 2592000,
    }
  }
  const authed = (header: Record<string, string>) =>
    validAccess !== null && header.authorization === `Bearer ${validAccess}`

  function route(
    method: string,
    path: string,
    header: Record<string, string>,
    data: unknown,
  ): Reply {
    const queued = faults.get(path)?.shift()
    if (queued) return queued
    if (path === '/__sim/login-code')
      return { statusCode: 200, data: { code: `sim-login-${seen.length}`, openid: 'o-sim' } }
    if (path === '/__sim/phone-code')
      return { statusCode: 200, data: { code: `sim-phone-${seen.length}` } }
    if (path === '/api/auth/wx-login') {
      const { agreement } = data as { agreement?: { version: string } }
      if (agreement) user.agreement = { version: agreement.version, acceptedAt: NOW }
      return {
        statusCode: 200,
        data: {
          ...issue(),
          isNewUser: options.newUser,
          user,
          agreementRequired: user.agreement?.version !== options.agreementVersion,
        },
      }
    }
    if (path === '/api/auth/refresh') {
      const { refreshToken } = data as { refreshToken: string }
      return refreshToken === validRefresh
        ? { statusCode: 200, data: issue() }
        : errorReply(deadRefreshCode === 'USER_DISABLED' ? 403 : 401, deadRefreshCode)
    }
    if (!header.authorization) return errorReply(401, 'AUTH_REQUIRED')
    if (revoked !== null && header.authorization === `Bearer ${revoked}`)
      return errorReply(401, 'AUTH_TOKEN_INVALID')
    if (!authed(header)) return errorReply(401, 'AUTH_TOKEN_EXPIRED')
    const verb = header['x-http-method-override'] ?? method
    if (path === '/api/auth/logout') return { statusCode: 204, data: '' }
    if (path === '/api/me' && verb === 'GET') return { statusCode: 200, data: user }
    if (path === '/api/me' && verb === 'PATCH') {
      Object.assign(user, data)
      return { statusCode: 200, data: user }
    }
    if (path === '/api/me/phone') {
      user.phone = '138****0000'
      return { statusCode: 200, data: user }
    }
    if (path === '/api/me/agreement') {
      user.agreement = { version: (data as { version: string }).version, acceptedAt: NOW }
      return { statusCode: 200, data: user }
    }
    if (path === '/api/me/sessions') return { statusCode: 200, data: { items: sessions } }
    const revoke = /^\/api\/me\/sessions\/(.+)$/.exec(path)
    if (revoke) {
      const at = sessions.findIndex((s) => s.id === revoke[1])
      if (at < 0) return errorReply(404, 'NOT_FOUND')
      sessions.splice(at, 1)
      return { statusCode: 204, data: '' }
    }
    if (path === '/api/auth/logout-others') {
      sessions.splice(0, sessions.length, ...sessions.filter((s) => s.current))
      return { statusCode: 204, data: '' }
    }
    if (path === '/api/me' && verb === 'DELETE') {
      if (!(data as { code?: string }).code) return errorReply(400, 'VALIDATION_FAILED')
      validAccess = null
      validRefresh = null
      return { statusCode: 204, data: '' }
    }
    if (path === '/api/me/avatar') {
      user.avatarUrl = 'http://api.test/avatars/u1.png'
      // Shown at once, while WeChat's image check runs (docs/content-security.md).
      user.avatarReview = 'pending'
      return { statusCode: 200, data: JSON.stringify({ avatarUrl: user.avatarUrl }) }
    }
    return errorReply(404, 'NOT_FOUND')
  }

  type Callbacks = { success?: (res: unknown) => void; fail?: (err: { errMsg: string }) => void }
  const answer = (
    opts: Callbacks & {
      url: string
      method?: string
      header?: Record<string, string>
      data?: unknown
    },
  ) => {
    const path = opts.url.replace(/^https?:\/\/[^/]+/, '').split('?')[0] ?? ''
    const header = opts.header ?? {}
    seen.push({ method: opts.method ?? 'GET', path, header, data: opts.data })
    // Settle on a later tick, like the network does, so concurrency is real.
    setTimeout(() => {
      if (offline) return opts.fail?.({ errMsg: 'request:fail timeout' })
      const reply = route(opts.method ?? 'GET', path, header, opts.data)
      opts.success?.({ statusCode: reply.statusCode, data: reply.data, header: reply.header ?? {} })
    }, 1)
  }

  return {
    user,
    seen,
    options,
    sessions,
    request: vi.fn((opts: Parameters<typeof answer>[0]) => answer(opts)),
    uploadFile: vi.fn((opts: Parameters<typeof answer>[0] & { filePath: string; name: string }) =>
      answer({ ...opts, method: 'POST', data: { filePath: opts.filePath, name: opts.name } }),
    ),
    calls: (path: string) => seen.filter((r) => r.path === path).length,
    /** The next answer for `path` is this error (repeat by calling again). */
    failNext(
      path: string,
      statusCode: number,
      code: string,
      header?: Record<string, string>,
      details?: Record<string, unknown>,
    ) {
      faults.set(path, [...(faults.get(path) ?? []), errorReply(statusCode, code, header, details)])
    },
    setOffline(value: boolean) {
      offline = value
    },
    /** The access token expires; the refresh token still works. */
    expireAccess() {
      validAccess = null
    },
    /**
     * The whole session is dead server-side: its access token stops working at once (as the
     * server's session check does) and a refresh answers `refreshCode`.
     */
    revokeSession(refreshCode = 'REFRESH_TOKEN_INVALID') {
      deadRefreshCode = refreshCode
      revoked = validAccess
      validAccess = null
      validRefresh = null
    },
  }
}

export type FakeApi = ReturnType<typeof createFakeApi>
