import jsqr from 'jsqr'
import { PNG } from 'pngjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { APP, post, stableToken } from '../test/http.js'
import { startSimulator } from './index.js'
import type { Simulator } from './index.js'

let sim: Simulator
let token: string

beforeEach(async () => {
  sim = await startSimulator({ apps: [APP] })
  token = (await stableToken(sim)).body.access_token as string
})
afterEach(() => sim.close())

function wxacode(body: unknown, accessToken: string | null = token) {
  const query = accessToken === null ? '' : `?access_token=${encodeURIComponent(accessToken)}`
  return fetch(`${sim.url}/wxa/getwxacodeunlimit${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

// jsqr is CommonJS: under NodeNext its default import types as the module object.
const jsQR = typeof jsqr === 'function' ? jsqr : jsqr.default

/** What a phone's camera would read from the image. */
function scan(png: Buffer): string | undefined {
  const { data, width, height } = PNG.sync.read(png)
  return jsQR(new Uint8ClampedArray(data), width, height)?.data
}

describe('POST /wxa/getwxacodeunlimit', () => {
  it('answers a real PNG QR code that encodes the page and the scene', async () => {
    const res = await wxacode({ scene: 'Ab3_-x9Zq0wErTyUiOpAsD', page: 'pages/admin-login/index' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    const png = Buffer.from(await res.arrayBuffer())
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a')
    expect(PNG.sync.read(png).width).toBe(430)
    expect(scan(png)).toBe('pages/admin-login/index?scene=Ab3_-x9Zq0wErTyUiOpAsD')
    expect(sim.stats().calls.getwxacodeunlimit).toBe(1)
  })

  it('URL-encodes a scene with reserved characters, as the opened page receives it', async () => {
    const res = await wxacode({ scene: 'a=1&b=2', page: 'pages/x/index', width: 280 })
    expect(scan(Buffer.from(await res.arrayBuffer()))).toBe('pages/x/index?scene=a%3D1%26b%3D2')
  })

  it.each([
    ['a scene over 32 characters', { scene: 'x'.repeat(33), page: 'pages/x/index' }, 40169],
    ['a scene with a space', { scene: 'a b', page: 'pages/x/index' }, 40169],
    ['no scene', { page: 'pages/x/index' }, 40169],
    ['a page with a leading slash', { scene: 'abc', page: '/pages/x/index' }, 41030],
  ])('refuses %s with a JSON errcode', async (_name, body, errcode) => {
    const res = await wxacode(body)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(((await res.json()) as { errcode: number }).errcode).toBe(errcode)
  })

  it('checks the access_token first (41001 without one, 40001 for a wrong one)', async () => {
    const body = { scene: 'abc', page: 'pages/x/index' }
    expect(((await (await wxacode(body, null)).json()) as { errcode: number }).errcode).toBe(41001)
    expect(((await (await wxacode(body, 'nope')).json()) as { errcode: number }).errcode).toBe(
      40001,
    )
  })

  it('takes faults (45009 quota) like every endpoint', async () => {
    const fault = await post(sim, '/__sim/faults', {
      endpoint: 'getwxacodeunlimit',
      errcode: 45009,
    })
    expect(fault.status).toBe(204)
    const res = await wxacode({ scene: 'abc', page: 'pages/x/index' })
    expect(((await res.json()) as { errcode: number }).errcode).toBe(45009)
    expect(
      (await wxacode({ scene: 'abc', page: 'pages/x/index' })).headers.get('content-type'),
    ).toBe('image/png')
  })
})
