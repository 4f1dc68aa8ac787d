export { buildOpenApiDocument, type OpenApiOptions } from './build-openapi.js'
export { errorCodes } from './error-responses.js'
