#!/usr/bin/env node
// Writes the generated parts of docs/ (see tables.mjs). Run after changing a route, a schema,
// an error code or a WeChat errcode; needs the packages built (`pnpm build`).
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { GENERATED, fill, openapiJson } from './tables.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const write = (file, text) => {
  writeFileSync(path.join(ROOT, file), text)
  console.log(`wrote ${file}`)
}

write('docs/openapi.json', openapiJson())
for (const file of new Set(GENERATED.map((g) => g.file))) {
  let text = readFileSync(path.join(ROOT, file), 'utf8')
  for (const g of GENERATED.filter((g) => g.file === file)) text = fill(text, g.name, g.render())
  write(file, text)
}
