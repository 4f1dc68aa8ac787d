import { describe, expect, it } from 'vitest'
import { createApiClient } from './create-api-client.js'
import { memoryTokenStore } from './token-store.js'
import type { TransportRequest, TransportResponse } from './transport.js'

/** A client whose every request is recorded and answered with `reply`. */
function recordingClient(reply: TransportResponse = { status: 204, body: undefined }) {
  const requests: TransportRequest[] = []
  const tokenStore = memoryTokenStore({ accessToken: 'a', refreshToken: 'r' })
  const client = createApiClient({
    baseUrl: 'http://x',
    tokenStore,
    request: async (req) => {
      requests.push(req)
      return reply
    },
  })
  return { client, requests, tokenStore }
}

describe('the account lifecycle methods', () => {
  it('sessions, revokeSession, logoutOthers and acceptAgreement send what the route table says, signed in', async () => {
    const { client, requests, tokenStore } = recordingClient()
    await client.sessions()
    await client.revokeSession('s 1')
    await client.logoutOthers()
    await client.acceptAgreement('2')
    expect(requests.map((r) => [r.method, r.url, r.body])).toEqual([
      ['GET', 'http://x/api/me/sessions', undefined],
      ['DELETE', 'http://x/api/me/sessions/s%201', undefined],
      ['POST', 'http://x/api/auth/logout-others', undefined],
      ['POST', 'http://x/api/me/agreement', { version: '2' }],
    ])
    expect(requests.every((r) => r.headers.authorization === 'Bearer a')).toBe(true)
    // Other devices are signed out, this one is not.
    expect(tokenStore.get()).toEqual({ accessToken: 'a', refreshToken: 'r' })
  })

  it('deleteAccount sends the wx.login code with DELETE and forgets the tokens once it succeeded', async () => {
    const { client, requests, tokenStore } = recordingClient()
    await client.deleteAccount('wx-code')
    expect(requests[0]).toMatchObject({
      method: 'DELETE',
      url: 'http://x/api/me',
      body: { code: 'wx-code' },
    })
    expect(tokenStore.get()).toBeNull()
  })

  it('deleteAccount keeps the tokens when the server refused (a code of another user: FORBIDDEN)', async () => {
    const { client, tokenStore } = recordingClient({
      status: 403,
      body: { error: { code: 'FORBIDDEN', message: 'no', requestId: 'r' } },
    })
    await expect(client.deleteAccount('other-code')).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect(tokenStore.get()).toEqual({ accessToken: 'a', refreshToken: 'r' })
  })

  it("admin.sessions and admin.revokeSession address a user's session", async () => {
    const { client, requests } = recordingClient()
    await client.admin.sessions('u1')
    await client.admin.revokeSession('u1', 's/2')
    expect(requests.map((r) => [r.method, r.url])).toEqual([
      ['GET', 'http://x/api/admin/users/u1/sessions'],
      ['DELETE', 'http://x/api/admin/users/u1/sessions/s%2F2'],
    ])
  })
})
