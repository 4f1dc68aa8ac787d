export { buildOpenApiDocument, type OpenApiOptions } from './build-openapi.js'
export { OPERATIONS, REQUEST_SCHEMAS, RESPONSE_SCHEMAS, type Operation, type OperationAuth } from './operations.js'
