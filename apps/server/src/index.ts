/**
 * `@wxlogin/server` as a library: build wxlogin inside your own Koa app instead of running the
 * server process (docs/tokens.md, "Embedding"). `dist/main.js` is the standalone server.
 */
export { createWxlogin, type Wxlogin, type WxloginOptions } from './create-wxlogin.js'
export { ConfigError, parseConfig, type Config } from './config.js'
export { createLogger, type Logger } from './logger.js'
export type { App } from './app.js'
export type { Clock } from './clock.js'
export type { FileStore, StoredFile } from './files/file-store.js'
export type { Store } from './store/store.js'
export type { WechatClient } from './wechat/wechat-client.js'
