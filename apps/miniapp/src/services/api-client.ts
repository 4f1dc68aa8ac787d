import { createApiClient, type ApiClient, type TokenStore } from '@wxlogin/shared/client'
import { apiConfig } from './api-config'
import { uniRequestTransport, uniUploadTransport } from './uni-transport'

/** The shared API client over uni's transports, for this build's API base and app id. */
export function createAppClient(tokenStore: TokenStore): ApiClient {
  const config = apiConfig()
  return createApiClient({
    baseUrl: config.apiBase,
    request: uniRequestTransport,
    upload: uniUploadTransport,
    appId: config.appId ?? undefined,
    tokenStore,
  })
}
