#!/usr/bin/env node
// Writes docs/openapi.json: the OpenAPI document the server serves at /openapi.json (without a
// PUBLIC_URL), generated from the route table in @wxlogin/shared. A test fails when it is stale;
// run `pnpm openapi` after changing a route or a schema (needs `pnpm build` of packages/shared).
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildOpenApiDocument } from '../packages/shared/dist/openapi/index.js'

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'openapi.json')
writeFileSync(out, `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`)
console.log(`wrote ${path.relative(process.cwd(), out)}`)
