export { createApiClient, type ApiClient, type ApiClientOptions } from './create-api-client.js'
export type { CallArgs, CallInput } from './call-input.js'
export { ApiError, isApiError, type ClientErrorCode } from './api-error.js'
export { memoryTokenStore, type TokenStore, type Tokens } from './token-store.js'
export {
  fetchTransport,
  fetchUploadTransport,
  type Transport,
  type TransportRequest,
  type TransportResponse,
  type UploadRequest,
  type UploadTransport,
} from './transport.js'
