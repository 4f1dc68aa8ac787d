import { describe, expect, it } from 'vitest'
import { uniRequestTransport, uniUploadTransport } from '@/services/uni-transport'
import { currentUni } from './mocks/uni'

const PLATFORM = process.env.UNI_TEST_PLATFORM ?? 'mp-weixin'

describe('uni transports', () => {
  it('hands every HTTP status to the client, with lower-cased headers', async () => {
    currentUni().request.mockImplementationOnce((o) =>
      o.success?.({
        statusCode: 429,
        data: { error: { code: 'WX_RATE_LIMITED' } },
        header: { 'Retry-After': '30' },
      }),
    )
    const res = await uniRequestTransport({
      method: 'POST',
      url: 'http://x/api/auth/wx-login',
      headers: {},
      body: { code: 'c' },
    })
    expect(res).toMatchObject({ status: 429, headers: { 'retry-after': '30' } })
    expect(currentUni().request.mock.calls[0]?.[0]).toMatchObject({
      header: { 'content-type': 'application/json' },
      data: { code: 'c' },
    })
  })

  it('rejects only when uni.request fails (no response)', async () => {
    currentUni().request.mockImplementationOnce((o) => o.fail?.({ errMsg: 'request:fail timeout' }))
    await expect(
      uniRequestTransport({ method: 'GET', url: 'http://x/healthz', headers: {} }),
    ).rejects.toThrow('request:fail timeout')
  })

  it(`sends PATCH the way ${PLATFORM} can`, async () => {
    currentUni().request.mockImplementationOnce((o) =>
      o.success?.({ statusCode: 200, data: {}, header: {} }),
    )
    await uniRequestTransport({
      method: 'PATCH',
      url: 'http://x/api/me',
      headers: {},
      body: { nickname: 'n' },
    })
    const sent = currentUni().request.mock.calls[0]?.[0] as {
      method: string
      header: Record<string, string>
    }
    if (PLATFORM === 'mp-weixin') {
      expect(sent.method).toBe('POST')
      expect(sent.header['x-http-method-override']).toBe('PATCH')
    } else {
      expect(sent.method).toBe('PATCH')
      expect(sent.header['x-http-method-override']).toBeUndefined()
    }
  })

  it('parses the string body uploadFile returns', async () => {
    currentUni().uploadFile.mockImplementationOnce((o) =>
      o.success?.({ statusCode: 200, data: '{"avatarUrl":"http://a/b.png"}' }),
    )
    const res = await uniUploadTransport({
      url: 'http://x/api/me/avatar',
      headers: {},
      name: 'file',
      file: 'wxfile://tmp/1.png',
    })
    expect(res).toEqual({ status: 200, body: { avatarUrl: 'http://a/b.png' } })
  })
})
