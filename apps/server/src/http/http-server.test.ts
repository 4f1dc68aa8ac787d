import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from '../config.js'
import { createLogger } from '../logger.js'
import { createHttpServer } from './http-server.js'

const limitsOf = (env: Record<string, string>) => parseConfig({ NODE_ENV: 'test', ...env }).http

describe('HTTP limits (MAX_CONNECTIONS, REQUEST_TIMEOUT_MS, HEADERS_TIMEOUT_MS)', () => {
  it('default to 1024 connections, 30 s per request and 10 s for the headers', () => {
    expect(limitsOf({})).toEqual({
      maxConnections: 1024,
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
    })
  })

  it('a short request timeout shortens the default headers timeout with it', () => {
    expect(limitsOf({ REQUEST_TIMEOUT_MS: '1500' }).headersTimeoutMs).toBe(1500)
  })

  it.each([
    [{ HEADERS_TIMEOUT_MS: '20000', REQUEST_TIMEOUT_MS: '10000' }, /HEADERS_TIMEOUT_MS/],
    [{ MAX_CONNECTIONS: '0' }, /MAX_CONNECTIONS/],
    [{ REQUEST_TIMEOUT_MS: 'soon' }, /REQUEST_TIMEOUT_MS/],
  ])('refuses %j', (env, message) => {
    expect(() => limitsOf(env)).toThrow(ConfigError)
    expect(() => limitsOf(env)).toThrow(message)
  })

  it('are given to the server at creation, where Node honours them', () => {
    const server = createHttpServer(
      () => {},
      { maxConnections: 7, requestTimeoutMs: 3000, headersTimeoutMs: 2000 },
      createLogger('silent'),
    )
    expect(server.maxConnections).toBe(7)
    expect(server.requestTimeout).toBe(3000)
    expect(server.headersTimeout).toBe(2000)
  })
})
