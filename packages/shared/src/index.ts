export * from './errors.js'
export * from './dto/index.js'
export * from './client/index.js'
export * from './api/index.js'
