import { z } from 'zod'

// zod compiles object parsers with `new Function` when it may, and finds out by trying once: under
// the console's CSP (no 'unsafe-eval') that try is a reported violation. Parsing without it is
// the same parsing, a little slower. Imported first by main.ts: the check can run as soon as the
// shared schemas are built.
z.config({ jitless: true })
