import { HealthResponse } from '../../dto/index.js'
import { raw, route } from '../route.js'

/** Health, metrics and the documentation. */
export const operationsRoutes = {
  healthz: route({
    method: 'GET',
    path: '/healthz',
    tag: 'operations',
    summary: 'Liveness: 200 while the process runs',
    auth: 'none',
    reply: HealthResponse,
    errors: [],
  }),
  readyz: route({
    method: 'GET',
    path: '/readyz',
    tag: 'operations',
    summary: 'Readiness: 200 when the database answers',
    auth: 'none',
    reply: HealthResponse,
    errors: ['DB_UNAVAILABLE'],
  }),
  metrics: route({
    method: 'GET',
    path: '/metrics',
    tag: 'operations',
    summary: 'Prometheus metrics',
    description:
      'Needs `Authorization: Bearer <METRICS_TOKEN>` when the server has METRICS_TOKEN set; public otherwise.',
    auth: 'metrics',
    reply: raw('text/plain', 'Prometheus text exposition format.'),
    errors: [],
  }),
  openapi: route({
    method: 'GET',
    path: '/openapi.json',
    tag: 'operations',
    summary: 'This OpenAPI 3.1 document',
    auth: 'none',
    reply: raw('application/json', 'The OpenAPI document.'),
    errors: [],
  }),
  docs: route({
    method: 'GET',
    path: '/docs',
    tag: 'operations',
    summary: 'This documentation page',
    auth: 'none',
    reply: raw('text/html', 'A page rendering /openapi.json.'),
    errors: [],
  }),
  docsAsset: route({
    method: 'GET',
    path: '/docs/assets/{file}',
    tag: 'operations',
    summary: "The docs page's script and style sheet (served locally, no CDN)",
    auth: 'none',
    reply: raw('application/octet-stream', 'A static file.'),
    errors: ['NOT_FOUND'],
  }),
}
