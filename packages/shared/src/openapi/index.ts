export { buildOpenApiDocument, type OpenApiOptions } from './build-openapi.js'
export { OPERATIONS } from './operations.js'
export { REQUEST_SCHEMAS, RESPONSE_SCHEMAS, type Operation, type OperationAuth } from './schemas.js'
