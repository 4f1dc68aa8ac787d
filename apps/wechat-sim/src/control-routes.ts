import type { IncomingMessage, ServerResponse } from 'node:http'
import { readJson, sendEmpty, sendJson } from './http-io.js'
import type { SimContext } from './sim-context.js'
import { ENDPOINTS } from './types.js'
import {
  parseAppCredentials,
  parseContentRules,
  parseFaultSpec,
  parseLoginCodeInput,
  parsePhoneCodeInput,
  parsePushTarget,
} from './validate.js'
import { InputError } from './validate.js'
import { wxError } from './wx-error.js'

type ControlAction = (ctx: SimContext, body: unknown, res: ServerResponse) => void

interface ControlRoute {
  /** Whether the action reads a JSON body; `optional` treats an empty body as `{}`. */
  body: 'none' | 'required' | 'optional'
  run: ControlAction
}

export function resetStats(calls: SimContext['calls']): void {
  for (const endpoint of ENDPOINTS) calls[endpoint] = 0
}

/** The control API, by `METHOD path`. */
const CONTROL_ROUTES: ReadonlyMap<string, ControlRoute> = new Map<string, ControlRoute>([
  [
    'POST /__sim/login-code',
    {
      body: 'optional',
      run: (ctx, body, res) => sendJson(res, 200, ctx.api.mintLoginCode(parseLoginCodeInput(body))),
    },
  ],
  [
    'POST /__sim/phone-code',
    {
      body: 'required',
      run: (ctx, body, res) => sendJson(res, 200, ctx.api.mintPhoneCode(parsePhoneCodeInput(body))),
    },
  ],
  [
    'POST /__sim/faults',
    {
      body: 'required',
      run: (ctx, body, res) => {
        ctx.faults.inject(parseFaultSpec(body))
        sendEmpty(res, 204)
      },
    },
  ],
  [
    'DELETE /__sim/faults',
    {
      body: 'none',
      run: (ctx, _body, res) => {
        ctx.faults.clear()
        sendEmpty(res, 204)
      },
    },
  ],
  [
    'GET /__sim/stats',
    {
      body: 'none',
      run: (ctx, _body, res) =>
        sendJson(res, 200, { calls: { ...ctx.calls }, pushes: ctx.pushes.stats() }),
    },
  ],
  [
    'POST /__sim/content-rules',
    {
      body: 'required',
      run: (ctx, body, res) => {
        ctx.content.setRules(parseContentRules(body))
        sendEmpty(res, 204)
      },
    },
  ],
  [
    'POST /__sim/push-target',
    {
      body: 'required',
      run: (ctx, body, res) => {
        ctx.pushes.target = parsePushTarget(body)
        sendEmpty(res, 204)
      },
    },
  ],
  [
    'POST /__sim/apps',
    {
      body: 'required',
      run: (ctx, body, res) => {
        ctx.api.addApp(parseAppCredentials(body))
        sendEmpty(res, 204)
      },
    },
  ],
  [
    'POST /__sim/reset',
    {
      body: 'none',
      run: (ctx, _body, res) => {
        ctx.api.reset()
        ctx.faults.clear()
        resetStats(ctx.calls)
        ctx.pushes.clearLog()
        sendEmpty(res, 204)
      },
    },
  ],
])

const CONTROL_PATHS = new Set([...CONTROL_ROUTES.keys()].map((key) => key.split(' ')[1]))

function badRequest(res: ServerResponse, errcode: number, detail: string): void {
  sendJson(res, 400, wxError(errcode, detail))
}

/** Answers a `/__sim/*` request: 400 with an errcode body on bad input, never a crash. */
export async function handleControl(
  ctx: SimContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  const route = CONTROL_ROUTES.get(`${req.method ?? ''} ${path}`)
  if (route === undefined) {
    const known = CONTROL_PATHS.has(path)
    return sendJson(res, known ? 405 : 404, {
      errcode: -1,
      errmsg: known ? 'method not allowed' : 'not found',
    })
  }
  let body: unknown = undefined
  if (route.body !== 'none') {
    const read = await readJson(req)
    if (read.ok) body = read.value
    else if (read.reason === 'too_large') return badRequest(res, 47001, 'body over 64 KiB')
    else if (read.reason === 'malformed') return badRequest(res, 47001, 'malformed JSON')
    else if (route.body === 'required') return badRequest(res, 44002, 'a JSON body is required')
    else body = {}
  }
  try {
    route.run(ctx, body, res)
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    badRequest(res, 40097, error.message)
  }
}
